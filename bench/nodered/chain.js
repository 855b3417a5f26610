'use strict';
// Node-RED side of the logic-chain comparison.
//
// Starts Node-RED embedded (no editor, no HTTP routes), deploys a chain of 50 function nodes
// (`msg.x = msg.x + 1`) alternating with 50 switch nodes (`x > -1`), followed by a function
// node that counts arrivals, pushes N messages into the first node at once and reports node
// hops per second (messages x 100 / seconds, wall clock and CPU time) as one JSON line on
// stdout. Of several rounds the fastest (wall clock) is reported, with every round listed.
//
// Usage: node chain.js --red-dir .bench/node-red [--messages 20000] [--warmup 2000]
//                      [--rounds 2] [--pairs 50]

const http = require('http');
const path = require('path');
const fs = require('fs');

function parseArgs(argv) {
    const args = { redDir: '.bench/node-red', messages: 20000, warmup: 2000, rounds: 2, pairs: 50 };
    for (let i = 2; i < argv.length; i += 2) {
        const key = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
        if (!(key in args)) {
            throw new Error(`unknown option ${argv[i]}`);
        }
        args[key] = key === 'redDir' ? argv[i + 1] : Number(argv[i + 1]);
    }
    return args;
}

function chainFlow(pairs) {
    const tab = { id: 'bench_tab', type: 'tab', label: 'bench', disabled: false, info: '' };
    const nodes = [tab];
    const count = pairs * 2;
    for (let i = 0; i < count; i++) {
        const id = `n${i}`;
        const wires = [[i + 1 < count ? `n${i + 1}` : 'sink']];
        if (i % 2 === 0) {
            nodes.push({
                id, type: 'function', z: tab.id, name: `inc ${i}`,
                func: 'msg.x = msg.x + 1;\nreturn msg;', outputs: 1, timeout: 0, noerr: 0,
                initialize: '', finalize: '', libs: [], x: 100, y: 40 + i * 20, wires,
            });
        } else {
            nodes.push({
                id, type: 'switch', z: tab.id, name: `positive ${i}`, property: 'x',
                propertyType: 'msg', rules: [{ t: 'gt', v: '-1', vt: 'num' }],
                checkall: 'true', repair: false, outputs: 1, x: 300, y: 40 + i * 20, wires,
            });
        }
    }
    nodes.push({
        id: 'sink', type: 'function', z: tab.id, name: 'count arrivals',
        func: "global.get('bench').arrive(msg);\nreturn null;", outputs: 0, timeout: 0,
        noerr: 0, initialize: '', finalize: '', libs: [], x: 500, y: 40, wires: [],
    });
    return nodes;
}

function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main() {
    const args = parseArgs(process.argv);
    const redDir = path.resolve(args.redDir);
    const RED = require(path.join(redDir, 'node_modules', 'node-red'));
    const userDir = path.join(redDir, 'userdir');
    fs.mkdirSync(userDir, { recursive: true });

    // The sink calls `arrive` for every message; a round resolves when all have arrived.
    const bench = {
        expected: 0, arrived: 0, wrong: 0, wantX: 0, done: null,
        arrive(msg) {
            if (msg.x !== this.wantX) {
                this.wrong += 1;
            }
            this.arrived += 1;
            if (this.arrived === this.expected && this.done) {
                this.done(process.hrtime.bigint());
            }
        },
    };

    const server = http.createServer((req, res) => { res.statusCode = 404; res.end(); });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    RED.init(server, {
        userDir,
        flowFile: 'flows.json',
        httpAdminRoot: false,
        httpNodeRoot: false,
        disableEditor: true,
        credentialSecret: false,
        functionExternalModules: false,
        functionGlobalContext: { bench },
        logging: { console: { level: 'warn', metrics: false, audit: false } },
        telemetry: { enabled: false },
        diagnostics: { enabled: false },
        runtimeState: { enabled: false },
    });
    await RED.start();
    const flow = chainFlow(args.pairs);
    await RED.runtime.flows.setFlows({ flows: { flows: flow }, deploymentType: 'full' });
    let first = null;
    for (let i = 0; i < 200 && !(first && RED.nodes.getNode('sink')); i++) {
        await sleep(25);
        first = RED.nodes.getNode('n0');
    }
    if (!first || !RED.nodes.getNode('sink')) {
        throw new Error('the benchmark flow did not start');
    }
    await sleep(200);

    const hops = args.pairs * 2;
    async function round(messages) {
        bench.expected = messages;
        bench.arrived = 0;
        bench.wrong = 0;
        bench.wantX = args.pairs;
        const finished = new Promise((resolve) => { bench.done = resolve; });
        const cpuStarted = process.cpuUsage();
        const started = process.hrtime.bigint();
        for (let i = 0; i < messages; i++) {
            first.receive({ x: 0 });
        }
        const ended = await finished;
        // CPU time of the whole process (V8 may run GC work on helper threads as well).
        const cpu = process.cpuUsage(cpuStarted);
        const seconds = Number(ended - started) / 1e9;
        const cpuSeconds = (cpu.user + cpu.system) / 1e6;
        if (bench.wrong) {
            throw new Error(`${bench.wrong} messages arrived with a wrong x`);
        }
        return {
            messages, seconds, cpu_seconds: cpuSeconds,
            hops_per_second: (messages * hops) / seconds,
            hops_per_cpu_second: (messages * hops) / cpuSeconds,
        };
    }

    await round(args.warmup);
    const rounds = [];
    for (let r = 0; r < args.rounds; r++) {
        rounds.push(await round(args.messages));
    }
    const best = rounds.reduce((a, b) => (b.hops_per_second > a.hops_per_second ? b : a));
    const result = {
        node_red_version: RED.version(),
        node_version: process.version,
        nodes_per_message: hops,
        messages: args.messages,
        rounds: rounds.map((r) => ({
            seconds: r.seconds, cpu_seconds: r.cpu_seconds, hops_per_second: r.hops_per_second,
            hops_per_cpu_second: r.hops_per_cpu_second,
        })),
        seconds: best.seconds,
        cpu_seconds: best.cpu_seconds,
        hops_per_second: best.hops_per_second,
        hops_per_cpu_second: best.hops_per_cpu_second,
    };
    await RED.stop();
    server.close();
    process.stdout.write(JSON.stringify(result) + '\n');
    process.exit(0);
}

main().catch((err) => {
    process.stderr.write(`node-red chain benchmark failed: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
});
