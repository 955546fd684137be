// Starts `phakhi demo` on a fresh database and a free port, for the browser tests.
//
//   const server = await startServer();   // { baseUrl: 'http://127.0.0.1:PORT', stop() }
//   ...
//   await server.stop();
//
// The binary is $PHAKHI_BIN (resolved against the current directory), or else
// ../../target/debug/phakhi relative to this directory. Each call gets its own temporary directory
// for the database, removed again on stop. Servers still running when the test process exits are
// killed.
//
// With PHAKHI_BASE_URL set (e.g. http://127.0.0.1:8080, a `phakhi demo` you started yourself), no
// server is started: the tests run against that one and stop() leaves it running.

import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const READY = /phakhi is ready: (http:\/\/\S+?)\/?\s/;
const STDERR_KEPT = 64 * 1024;

/** The phakhi binary the tests run: $PHAKHI_BIN, or the workspace's debug build. */
export function phakhiBinary() {
  const configured = process.env.PHAKHI_BIN;
  return configured ? path.resolve(configured) : path.resolve(HERE, '../../target/debug/phakhi');
}

/** Every server started by this process and not yet stopped. */
const running = new Set();

function killAll() {
  for (const server of running) server.killNow();
}

let handlersInstalled = false;
function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      killAll();
      // Die of the same signal, as if nobody had been listening.
      process.kill(process.pid, signal);
    });
  }
}

/**
 * Starts `phakhi demo --database sqlite://<tmp>/demo.db --listen 127.0.0.1:0` and resolves once it
 * prints its ready line.
 *
 * @param {object} [options]
 * @param {string} [options.bin] the binary (default: {@link phakhiBinary})
 * @param {number} [options.timeoutMs] how long to wait for the ready line (default 60 s)
 * @param {string | null} [options.external] a server already running to use instead (default:
 *   $PHAKHI_BASE_URL); null to always start one
 * @returns {Promise<{ baseUrl: string, databaseDir: string | null, stop: () => Promise<{ code: number | null, signal: string | null }>, stderr: () => string }>}
 *   `baseUrl` has no trailing slash: `${baseUrl}/th/`.
 */
export async function startServer({ bin = phakhiBinary(), timeoutMs = 60_000, external = process.env.PHAKHI_BASE_URL } = {}) {
  if (external) {
    return {
      baseUrl: external.replace(/\/+$/, ''),
      databaseDir: null,
      stderr: () => '',
      stop: async () => ({ code: null, signal: null }),
    };
  }
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    throw new Error(
      `the phakhi binary ${bin} is missing or not executable: run \`cargo test --workspace\` or ` +
        '`cargo build` first, or point PHAKHI_BIN at a built binary',
    );
  }
  installExitHandlers();

  const dir = mkdtempSync(path.join(tmpdir(), 'phakhi-browser-'));
  const database = `sqlite://${path.join(dir, 'demo.db')}`;
  const child = spawn(bin, ['demo', '--database', database, '--listen', '127.0.0.1:0'], {
    cwd: dir,
    env: { ...process.env, PHAKHI_LOG: process.env.PHAKHI_LOG ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-STDERR_KEPT);
  });

  const exited = new Promise((resolve) => {
    // 'close', not 'exit': by then its standard error has been read to the end.
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  let hasExited = false;
  exited.then(() => {
    hasExited = true;
  });

  let removed = false;
  const cleanUp = () => {
    if (removed) return;
    removed = true;
    running.delete(server);
    rmSync(dir, { recursive: true, force: true });
  };

  const server = {
    /** Demo accounts by role ({ admin: { email, password }, coordinator: … }), printed by `phakhi demo`. */
    accounts: {},
    baseUrl: '',
    /** The temporary directory holding the database (removed on stop). */
    databaseDir: dir,
    stderr: () => stderr,
    /** Synchronous last resort, for process exit. */
    killNow() {
      if (!hasExited) child.kill('SIGKILL');
      cleanUp();
    },
    /** Asks the server to shut down (SIGTERM), waits for it (SIGKILL after 10 s), removes its files. */
    async stop() {
      if (!hasExited) child.kill('SIGTERM');
      let timer;
      const status = await Promise.race([
        exited,
        new Promise((resolve) => {
          timer = setTimeout(() => resolve(null), 10_000);
        }),
      ]);
      clearTimeout(timer);
      const result = status ?? (child.kill('SIGKILL'), { ...(await exited), forced: true });
      cleanUp();
      return result;
    },
  };
  running.add(server);

  const describe = (what) =>
    `phakhi (${bin}) ${what}\n--- its standard error (last ${STDERR_KEPT / 1024} KiB) ---\n${stderr || '(empty)'}`;

  try {
    server.baseUrl = await new Promise((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => {
        reject(new Error(describe(`printed no ready line within ${timeoutMs / 1000} s`)));
      }, timeoutMs);
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk) => {
        if (stdout === null) return; // already ready: keep draining the pipe
        stdout += chunk;
        const match = READY.exec(stdout);
        if (match) {
          // The demo prints an account per role before it is ready: "demo sign-in (admin): EMAIL PASSWORD".
          for (const [, role, email, password] of stdout.matchAll(/demo sign-in \((\w+)\): (\S+) (\S+)/g)) {
            server.accounts[role] = { email, password };
          }
          stdout = null;
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(describe(`could not be started: ${error.message}`)));
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(describe(`exited (code ${code}, signal ${signal}) before it was ready`)));
      });
    });
  } catch (error) {
    // Make sure the stderr read so far is complete before reporting, then clean up.
    server.killNow();
    throw error;
  }
  return server;
}
