/** The prompt after `<|startofprev|>` holds at most 223 tokens (openai/whisper: `n_text_ctx // 2 - 1`). */
export const MAX_PROMPT_TOKENS = 223;

/**
 * A window's prompt: the words to expect first, on every window (openai/whisper's `initial_prompt` is dropped once
 * the text heard fills the prompt; these stay, as the user asked for them throughout), then the last tokens of the
 * text heard before, which fill the rest. The settings cap the words at 300 characters, far below the limit.
 */
export function promptTokens(encode: (text: string) => number[], context: string | undefined, vocabulary: string | undefined): number[] {
  const words = vocabulary?.trim() ? encode(' ' + vocabulary.trim()).slice(0, MAX_PROMPT_TOKENS) : [];
  const room = MAX_PROMPT_TOKENS - words.length;
  const heard = context?.trim() && room > 0 ? encode(' ' + context.trim()).slice(-room) : [];
  return [...words, ...heard];
}
