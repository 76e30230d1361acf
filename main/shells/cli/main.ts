// `carrel`: the command line shell. Only `--version` is answered here, before anything heavy is loaded,
// so that it starts in a few tens of milliseconds; every other line goes to the runner, which loads the
// command table, and the core only when a command needs it.
import { packageVersion } from './package-root.ts';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`carrel ${packageVersion()}\n`);
} else {
  // node:sqlite (the offline cache) announces itself as experimental on every run; in a command whose
  // stderr scripts read, that line is noise. Other warnings still print.
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name !== 'ExperimentalWarning') process.stderr.write(`${warning.name}: ${warning.message}\n`);
  });
  const { runCli } = await import('./runner.ts');
  process.exitCode = await runCli(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    stdoutIsTTY: process.stdout.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    env: process.env,
  });
}
