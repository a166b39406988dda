/**
 * The audio and video files the installed app opens (manifest `file_handlers`) and accepts from the share sheet
 * (`share_target`): the containers the decoder reads (see src/audio/decode-file.ts), by MIME type with their usual
 * extensions, since operating systems match either.
 */
export const MEDIA_FILE_TYPES: Readonly<Record<string, readonly string[]>> = {
  'audio/mpeg': ['.mp3'],
  'audio/wav': ['.wav'],
  'audio/flac': ['.flac'],
  'audio/ogg': ['.ogg', '.oga', '.opus'],
  'audio/mp4': ['.m4a'],
  'audio/aac': ['.aac'],
  'audio/webm': ['.weba'],
  'video/mp4': ['.mp4', '.m4v'],
  'video/webm': ['.webm'],
  'video/quicktime': ['.mov'],
  'video/x-matroska': ['.mkv'],
};

/** The share target's URL, relative to the manifest (so to the app's scope), and its form field for files. */
export const SHARE_ACTION = 'share-target';
export const SHARE_FIELD = 'media';
/** The query parameter that tells the app which stored share to queue. */
export const SHARED_PARAM = 'shared';
