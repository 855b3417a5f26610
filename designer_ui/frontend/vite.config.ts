import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The build lands where Flask serves it: designer_ui/static/editor/{index.html,assets/}.
export default defineConfig({
  base: '/editor/',
  plugins: [react()],
  build: {
    outDir: '../static/editor',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    host: '127.0.0.1',
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
