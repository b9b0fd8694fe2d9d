/**
 * For cleanup.test.mjs: a harness that dies. It starts a lab with one host, reports on stdout
 * what it made (one JSON line), and waits to be killed without any chance to clean up.
 *
 *   node crash-child.mjs ROOTFS RUN_DIR
 */
import { Lab } from './lab.mjs';

const [rootfs, runDir] = process.argv.slice(2);
const lab = await Lab.start(runDir, rootfs);
await lab.addHost('crash', 21);
process.stdout.write(
  JSON.stringify({
    madePids: [...lab.madePids],
    madeNs: [...lab.madeNs],
    runDir,
    sshd: lab.ssh(lab.hosts[0], 'pgrep -c sshd').trim(),
  }) + '\n',
);
setInterval(() => {}, 1 << 30);
