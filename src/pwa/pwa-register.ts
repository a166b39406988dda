import { registerSW } from 'virtual:pwa-register';
import { PwaState } from './pwa-state.ts';

/** The one store per page, registering the service worker vite-plugin-pwa built from src/pwa/sw.ts. */
export const pwaState = new PwaState(registerSW);
