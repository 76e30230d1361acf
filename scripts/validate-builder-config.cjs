// Validates electron-builder.yml with electron-builder's own loader and schema, without building
// (our build machines cannot download Electron or the packagers' tools). These are internal paths of
// app-builder-lib and builder-util: re-check them when electron-builder is upgraded.
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { DebugLogger } = require('builder-util/out/DebugLogger');

async function main() {
  const file = process.argv[2] || 'electron-builder.yml';
  try {
    const config = await getConfig(process.cwd(), file, null);
    await validateConfiguration(config, new DebugLogger(false));
    console.log(`electron-builder configuration ${file} is valid (appId ${config.appId}).`);
  } catch (error) {
    console.error(`electron-builder configuration ${file} is INVALID:\n${error.message}`);
    process.exit(1);
  }
}
main();
