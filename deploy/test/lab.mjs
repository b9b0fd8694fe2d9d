/**
 * Three (or any number of) local test hosts for the deployment test, made of Linux namespaces:
 *
 *   lab network namespace:  bridge br0 (10.231.0.1/24); Ansible and triadctl run in here
 *   host <name>:            its own network (a veth on br0), mount, PID, UTS and IPC namespaces;
 *                           the debootstrap root under a private overlay; sshd as its only service
 *
 * Nothing is named in the root namespaces (no `ip netns add`, no bridge or mount outside): every
 * namespace belongs to a process started here under `setpriv --pdeathsig KILL` and `unshare
 * --kill-child`, so when the harness ends, however it ends, the kernel kills those processes and
 * frees their namespaces, veths and mounts. `stop()` does the same on purpose and `leftovers()`
 * checks that nothing survived. Needs root, util-linux, iproute2 and openssh-client.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const HOST_INIT = new URL('./host-init.sh', import.meta.url).pathname;
/** What a test host needs: sshd and python3 for Ansible; libssl3 for ta-host; systemd-analyze; tini as PID 1. */
export const ROOTFS_PACKAGES = [
  'openssh-server',
  'python3',
  'libssl3',
  'sudo',
  'procps',
  'iproute2',
  'tini',
  'systemd',
];
export const SUBNET = '10.231.0';

/** Runs a command to completion; throws with its stderr when it fails. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')}: exit ${r.status ?? r.signal}\n${(r.stderr ?? '').slice(-2000)}`,
    );
  }
  return r.stdout;
}

/** What is missing to run the lab on this machine (empty when nothing). */
export function missingTools() {
  const tools = [
    'debootstrap',
    'unshare',
    'nsenter',
    'setpriv',
    'ip',
    'ssh',
    'ssh-keygen',
    'ansible-playbook',
  ];
  const missing = tools.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
  if (process.getuid?.() !== 0) missing.push('root');
  return missing;
}

/**
 * The shared read-only root of every host: Debian minbase plus ROOTFS_PACKAGES, made once by
 * debootstrap into `dir` (a folder of the project's) and reused while its marker matches.
 */
export function ensureRootfs(
  dir,
  { suite = 'bookworm', mirror = 'http://deb.debian.org/debian', log = () => {} } = {},
) {
  const want = JSON.stringify({ suite, mirror, packages: ROOTFS_PACKAGES });
  const marker = join(dir, '.triad-rootfs');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === want) return dir;
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  log(`debootstrap ${suite} (minbase + ${ROOTFS_PACKAGES.join(', ')}) into ${dir}`);
  const r = spawnSync(
    'debootstrap',
    ['--variant=minbase', `--include=${ROOTFS_PACKAGES.join(',')}`, suite, partial, mirror],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  for (const line of (r.stdout ?? '').split('\n')) {
    if (/base system|Resolving|Checking|Found additional/.test(line)) log(line);
  }
  if (r.status !== 0)
    throw new Error(`debootstrap failed (exit ${r.status}):\n${(r.stderr + r.stdout).slice(-3000)}`);
  // Host keys are made per host at its start; a shared one would make the hosts one to SSH.
  for (const f of readdirSync(join(partial, 'etc', 'ssh'))) {
    if (f.startsWith('ssh_host_')) rmSync(join(partial, 'etc', 'ssh', f));
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  writeFileSync(marker, want);
  return dir;
}

const nsOf = (pid, kind) => {
  try {
    return readlinkSync(`/proc/${pid}/ns/${kind}`);
  } catch {
    return undefined;
  }
};
const alive = (pid) => existsSync(`/proc/${pid}`);

/** Waits until process `pid` is in a network namespace other than ours (unshare has done its work). */
async function unshared(pid, what) {
  const ours = nsOf(process.pid, 'net');
  for (let i = 0; i < 200; i++) {
    const ns = nsOf(pid, 'net');
    if (ns && ns !== ours) return ns;
    if (!alive(pid)) break;
    await sleep(25);
  }
  throw new Error(`${what} did not start its namespaces`);
}

/** Children of a process (the host's PID 1 is unshare's child). */
const childrenOf = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
};

export class Lab {
  /** @type {{name: string, ip: string, proc: import('node:child_process').ChildProcess, pids: number[], ns: string[], dir: string}[]} */
  hosts = [];
  /** Namespace ids (`net:[...]` ...) and pids this lab made, for leftovers(). */
  madeNs = new Set();
  madePids = new Set();

  constructor(runDir, rootfs, sshKey, proc) {
    this.runDir = runDir;
    this.rootfs = rootfs;
    this.sshKey = sshKey;
    this.proc = proc;
  }

  /** The lab namespace with its bridge, and an SSH key for the hosts, in `runDir`. */
  static async start(runDir, rootfs) {
    mkdirSync(runDir, { recursive: true });
    const sshKey = join(runDir, 'id_ed25519');
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'triad-deploy-test', '-f', sshKey]);
    const proc = spawn(
      'setpriv',
      ['--pdeathsig', 'KILL', '--', 'unshare', '--net', '--kill-child', '--', 'sleep', 'infinity'],
      {
        stdio: 'ignore',
      },
    );
    const lab = new Lab(runDir, rootfs, sshKey, proc);
    lab.madePids.add(proc.pid);
    lab.madeNs.add(await unshared(proc.pid, 'the lab namespace'));
    childrenOf(proc.pid).forEach((p) => lab.madePids.add(p));
    lab.exec('sh', [
      '-c',
      `ip link set lo up && ip link add br0 type bridge && ip addr add ${SUBNET}.1/24 dev br0 && ip link set br0 up`,
    ]);
    return lab;
  }

  /** Runs a command in the lab's network namespace (synchronously). */
  exec(cmd, args, opts = {}) {
    return run('nsenter', [`--net=/proc/${this.proc.pid}/ns/net`, '--', cmd, ...args], opts);
  }

  /**
   * Runs a command in the lab's network namespace, its output appended to `logFile` and each line
   * offered to `onLine` (progress); resolves with the exit status, stdout and both streams together.
   */
  spawnIn(cmd, args, { cwd, env, logFile, onLine = () => {} } = {}) {
    return new Promise((resolve, reject) => {
      const child = spawn('nsenter', [`--net=/proc/${this.proc.pid}/ns/net`, '--', cmd, ...args], {
        cwd,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      let stdout = '';
      let partial = '';
      const take = (chunk) => {
        const text = chunk.toString();
        output += text;
        if (logFile) writeFileSync(logFile, text, { flag: 'a' });
        const lines = (partial + text).split('\n');
        partial = lines.pop();
        lines.forEach(onLine);
      };
      child.stdout.on('data', (chunk) => {
        stdout += chunk.toString();
        take(chunk);
      });
      child.stderr.on('data', take);
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, output }));
    });
  }

  /** Starts host `name` at SUBNET.<octet> and waits until it answers SSH. */
  async addHost(name, octet) {
    const dir = join(this.runDir, 'hosts', name);
    for (const d of ['upper', 'work', 'root']) mkdirSync(join(dir, d), { recursive: true });
    const log = openSync(join(dir, 'init.log'), 'a');
    const proc = spawn(
      'setpriv',
      [
        '--pdeathsig',
        'KILL',
        '--',
        'unshare',
        '--net',
        '--mount',
        '--pid',
        '--uts',
        '--ipc',
        '--fork',
        '--kill-child',
        '--',
        'bash',
        HOST_INIT,
        this.rootfs,
        join(dir, 'upper'),
        join(dir, 'work'),
        join(dir, 'root'),
        name,
        `${this.sshKey}.pub`,
      ],
      { stdio: ['ignore', log, log] },
    );
    closeSync(log);
    const ip = `${SUBNET}.${octet}`;
    const host = { name, ip, proc, dir };
    this.hosts.push(host);
    this.madePids.add(proc.pid);
    this.madeNs.add(await unshared(proc.pid, `host ${name}`));
    const init = childrenOf(proc.pid);
    init.forEach((p) => this.madePids.add(p));
    for (const kind of ['mnt', 'pid', 'uts', 'ipc']) {
      const ns = init[0] && nsOf(init[0], kind);
      if (ns) this.madeNs.add(ns);
    }
    const veth = `v-${name}`.slice(0, 15);
    this.exec('ip', ['link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', String(proc.pid)]);
    this.exec('ip', ['link', 'set', veth, 'master', 'br0', 'up']);
    run('nsenter', [
      `--net=/proc/${proc.pid}/ns/net`,
      '--',
      'sh',
      '-c',
      `ip link set lo up && ip addr add ${ip}/24 dev eth0 && ip link set eth0 up`,
    ]);
    await this.waitForSsh(host);
    return host;
  }

  /** SSH options for the hosts (this lab's key and known_hosts). */
  sshOptions() {
    return [
      '-i',
      this.sshKey,
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=accept-new',
      '-o',
      `UserKnownHostsFile=${join(this.runDir, 'known_hosts')}`,
      '-o',
      'ConnectTimeout=3',
    ];
  }

  /** Runs a shell command on a host over SSH (from the lab namespace). */
  ssh(host, command) {
    return this.exec('ssh', [...this.sshOptions(), `root@${host.ip}`, command]);
  }

  async waitForSsh(host) {
    let last;
    for (let i = 0; i < 60; i++) {
      if (!alive(host.proc.pid)) break;
      try {
        this.ssh(host, 'true');
        return;
      } catch (e) {
        last = e;
        await sleep(250);
      }
    }
    const init = existsSync(join(host.dir, 'init.log'))
      ? readFileSync(join(host.dir, 'init.log'), 'utf8')
      : '';
    throw new Error(
      `host ${host.name} (${host.ip}) never answered SSH: ${last?.message}\n${init.slice(-2000)}`,
    );
  }

  /**
   * Kills every host and the lab (their namespaces go with them), waits for the processes to be
   * gone, and removes the run directory unless `keep`.
   */
  async stop({ keep = false } = {}) {
    const procs = [...this.hosts.map((h) => h.proc), this.proc];
    await Promise.all(
      procs.map(
        (p) =>
          new Promise((resolve) => {
            if (p.exitCode !== null || p.signalCode !== null) return resolve();
            p.once('exit', resolve);
            p.kill('SIGKILL');
          }),
      ),
    );
    for (let i = 0; i < 200 && this.leftovers().length; i++) await sleep(25);
    if (!keep) rmSync(this.runDir, { recursive: true, force: true });
  }

  /** What of this lab still exists: live pids, namespaces in use, mounts under the run directory. */
  leftovers() {
    return leftoversOf(this);
  }
}

/**
 * What still exists of a lab, given what it made (`madePids`, `madeNs`, `runDir`, as a Lab has
 * them, or as a crashed harness reported them): live pids, processes in its namespaces, and
 * processes that see a mount under its run directory.
 */
export function leftoversOf({ madePids, madeNs, runDir }) {
  const found = [];
  for (const pid of madePids) if (alive(pid)) found.push(`process ${pid}`);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    for (const kind of ['net', 'mnt', 'pid', 'uts', 'ipc']) {
      const ns = nsOf(entry, kind);
      if (ns && madeNs.has(ns)) found.push(`process ${entry} in ${ns}`);
    }
    let mounts = '';
    try {
      mounts = readFileSync(`/proc/${entry}/mountinfo`, 'utf8');
    } catch {
      continue;
    }
    if (mounts.includes(runDir)) found.push(`a mount under ${runDir} seen by process ${entry}`);
  }
  return [...new Set(found)];
}
