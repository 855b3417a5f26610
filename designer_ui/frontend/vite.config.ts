import { build, defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// The web chat widget (designer_ui/widget) is type-checked with the editor through this
// export, and built after it as a second bundle: one classic script, static/widget/chat.js.
export type { DesignerChat } from '../widget/src/index';

const here = (path: string): string => new URL(path, import.meta.url).pathname;

function chatWidget(): Plugin {
  let built = false;
  return {
    name: 'designer-chat-widget',
    apply: 'build',
    async closeBundle() {
      if (built) return;
      built = true;
      await build({
        configFile: false,
        root: here('../widget/'),
        logLevel: 'warn',
        build: {
          outDir: here('../static/widget/'),
          emptyOutDir: true,
          target: 'es2020',
          lib: {
            entry: here('../widget/src/index.ts'),
            formats: ['iife'],
            name: 'DesignerChatBundle',
            fileName: () => 'chat.js',
          },
        },
      });
    },
  };
}

// The build lands where Flask serves it: designer_ui/static/editor/{index.html,assets/}.
export default defineConfig({
  base: '/editor/',
  plugins: [react(), chatWidget()],
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
