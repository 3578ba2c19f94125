import { defineConfig, type Plugin } from 'vite';

/**
 * Drops the indentation of our own sources before they are compiled: inside Lit's html`` and css``
 * templates (which the minifier leaves as they are) leading whitespace means nothing, and outside
 * them the minifier rewrites the code anyway. Line breaks stay, so no statement changes meaning.
 */
function dropIndentation(): Plugin {
  return {
    name: 'deputy-drop-indentation',
    transform(code, id) {
      return /\/packages\/(elements|client)\/src\/.*\.ts$/.test(id) ? { code: code.replace(/\n[ \t]+/g, '\n'), map: null } : undefined;
    },
  };
}

/** One ES module per widget plus `deputy-elements.js` for all four, Lit and the client bundled in. */
export default defineConfig({
  plugins: [dropIndentation()],
  build: {
    target: 'es2022',
    lib: {
      entry: {
        'deputy-elements': 'src/index.ts',
        'deputy-user-manager': 'src/user-manager/user-manager.ts',
        'deputy-role-picker': 'src/role-picker/role-picker.ts',
        'deputy-sharing-panel': 'src/sharing-panel/sharing-panel.ts',
        'deputy-impersonation-banner': 'src/impersonation-banner/impersonation-banner.ts',
      },
      formats: ['es'],
    },
    minify: true,
    sourcemap: true,
  },
});
