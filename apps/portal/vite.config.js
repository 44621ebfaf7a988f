import { defineConfig } from 'vite';

/** Served by the gateway at /portal/; hashed assets, no inline script (the CSP allows none). */
export default defineConfig({
  base: '/portal/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
