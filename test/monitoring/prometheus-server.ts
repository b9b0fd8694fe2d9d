/**
 * A real Prometheus server for a test: loopback only, its config and TSDB in a temp dir, killed in
 * `stop()` and, should the test process end first, on its exit.
 */
import { freePort } from '@triad/testkit';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrometheusOptions {
  /** host:port of each metrics endpoint, scraped as job "triad". */
  readonly targets: readonly string[];
  readonly ruleFiles: readonly string[];
  readonly scrapeSeconds: number;
  readonly evaluationSeconds: number;
}

export interface PrometheusServer {
  readonly url: string;
  /** GET /api/v1/<path>: the `data` of a successful answer. */
  api<T>(path: string): Promise<T>;
  stop(): Promise<void>;
}

export async function startPrometheus(o: PrometheusOptions): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'triad-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    JSON.stringify({
      global: {
        scrape_interval: `${o.scrapeSeconds}s`,
        scrape_timeout: `${o.scrapeSeconds}s`,
        evaluation_interval: `${o.evaluationSeconds}s`,
      },
      rule_files: o.ruleFiles,
      scrape_configs: [{ job_name: 'triad', static_configs: [{ targets: o.targets }] }],
    }),
  );
  const port = await freePort();
  const child = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-8000)));
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const spawnFailed = new Promise<never>((_, reject) =>
    child.once('error', (e) => reject(new Error(`prometheus: ${e.message} (apt-get install prometheus)`))),
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const ready = async () => {
    for (let t = 0; t < 300; t++) {
      if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}):\n${log}`);
      const ok = await fetch(`${url}/-/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`prometheus not ready:\n${log}`);
  };
  try {
    await Promise.race([ready(), spawnFailed]);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    url,
    async api<T>(path: string): Promise<T> {
      const body = (await (await fetch(`${url}/api/v1/${path}`)).json()) as {
        status: string;
        data: T;
        error?: string;
      };
      if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error}`);
      return body.data;
    },
    stop,
  };
}
