/** Importing this module registers every `wr-*` element. */
export * from './drop-zone/drop-zone';
export * from './file-queue/file-queue';
export * from './transcript-view/transcript-view';
export * from './export-bar/export-bar';
export * from './settings/settings';
export * from './status/status';
export * from './history/history';
export * from './events';
export { defineElement } from './define';
