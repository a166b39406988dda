/**
 * A speaker's name as people read it: the name the user gave the label, else the label made readable
 * (`SPEAKER_2` → "Speaker 2"), else the label as it is.
 */
export function speakerName(label: string, names: Readonly<Record<string, string>> | undefined): string {
  const given = names?.[label]?.trim();
  if (given) return given;
  const numbered = /^speaker[_\s-]*(\d+)$/i.exec(label.trim());
  return numbered ? `Speaker ${Number(numbered[1])}` : label;
}
