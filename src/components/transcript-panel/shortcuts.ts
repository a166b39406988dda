/**
 * The transcript panel's keys, as listed in its "Keyboard shortcuts" disclosure. Single letters, so they work only
 * while the focus is in the panel and not in a text field (WCAG 2.1.4): typing, or speech input elsewhere on the
 * page, never sets them off.
 */
export const SHORTCUTS: ReadonlyArray<readonly [keys: readonly string[], what: string]> = [
  [['K'], 'Play or pause'],
  [['J', 'L'], 'Previous or next segment'],
  [['/'], 'Find in the transcript (then Enter, Shift+Enter: next, previous match)'],
  [['↑', '↓'], 'Move between segments (Home, End: first, last)'],
  [['Enter'], 'Play the segment'],
  [['F2'], 'Correct the segment (Enter saves, Escape cancels)'],
  [['Ctrl+Z'], 'Undo the last correction'],
  [['←', '→'], 'On the timeline: back or on 5 s (with Shift, 1 s)'],
];

/** Keys pressed here belong to what is being typed. */
export function isTextField(target: EventTarget | undefined): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'file'].includes(target.type);
}
