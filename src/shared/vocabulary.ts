/**
 * "Words to expect": names and terms the user tells the model about, which go into its prompt. Whisper's prompt
 * holds 223 tokens, shared with the text heard before; 300 characters (about 75 tokens) leaves most of it to that
 * text, where the words carry most weight.
 */
export const VOCABULARY_MAX_CHARS = 300;

/** One line, single spaces, no ends: how the words are stored, passed on and compared. */
export const normalizeVocabulary = (text: string): string => text.replace(/\s+/g, ' ').trim();
