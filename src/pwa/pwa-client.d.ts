// `virtual:pwa-register` comes from vite-plugin-pwa at build time; its types come from the package.
/// <reference types="vite-plugin-pwa/vanillajs" />
