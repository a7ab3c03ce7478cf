/**
 * Cold start: the bundle's size and the time to require it in a fresh process, against requiring the
 * official @coze/api SDK in a fresh process, alternating so machine noise hits both. Also on the older
 * CloudBase runtimes (Node 16, 18) when scripts/install-old-nodes.sh has installed them.
 */
import { execFileSync } from 'child_process';
import { existsSync, readFileSync, statSync } from 'fs';
import path from 'path';
import { gzipSync } from 'zlib';
import { median } from './stats';

const ROOT = path.resolve(__dirname, '..');
/** The built cloud function every figure refers to. */
export const BUNDLE = path.join(ROOT, 'cloudfunctions/coze/index.js');
const PROBE = path.join(__dirname, 'require-probe.js');
const SDK = '@coze/api';
const WX_SDK = 'wx-server-sdk';

/** What is required in each fresh process. */
export type ProbeKind = 'bundle' | 'sdk' | 'bundleOwn' | 'sdkWithWx' | 'wx' | 'sdkOwn';

const PROBES: Record<ProbeKind, { target: string; preload?: string }> = {
  bundle: { target: BUNDLE },
  sdk: { target: SDK },
  /** The bundle's own code: wx-server-sdk preloaded untimed. */
  bundleOwn: { target: BUNDLE, preload: WX_SDK },
  /** What a function built on the SDK would load: it needs wx-server-sdk for the openid just the same. */
  sdkWithWx: { target: `${SDK},${WX_SDK}` },
  /** wx-server-sdk alone: the share both sides pay. */
  wx: { target: WX_SDK },
  /** What @coze/api adds on top of wx-server-sdk (they share axios and more). */
  sdkOwn: { target: SDK, preload: WX_SDK },
};

/**
 * The whole bundle against @coze/api + wx-server-sdk, as the same wx-server-sdk median plus what each side adds to
 * it. wx-server-sdk is about 90 % of both sides, and one fresh process loads it anywhere from 190 to 330 ms on
 * this shared machine; comparing two medians that each carry their own draw of that noise decided the verdict
 * more often than the code did (bench/RESULTS.md, "cold start"). The direct medians are reported beside it.
 */
export function wholeRatio(m: Readonly<Record<ProbeKind, number>>): number {
  return (m.wx + m.bundleOwn) / (m.wx + m.sdkOwn);
}

/** Medians on one node binary. */
export interface NodeColdStart {
  node: string;
  version: string;
  /** Median ms per probe kind. */
  medians: Record<ProbeKind, number>;
  runs: number;
}

/** The section's result. */
export interface ColdStartResult {
  bundleBytes: number;
  bundleGzipBytes: number;
  nodes: NodeColdStart[];
  /** Old runtimes that were looked for and not found. */
  missing: string[];
}

/**
 * The variables a cloud function runs with, so every probe takes the road it takes in the cloud. The one that
 * matters is TENCENTCLOUD_RUNENV=SCF, built into every CloudBase function (docs.cloudbase.net
 * cloud-function/function-configuration/env, 已内置环境变量): without it `cloud.init()` (@cloudbase/node-sdk
 * 3.17 utils/cloudplatform.js, `preflightRuntimeCloudPlatform`) starts an HTTP lookup of Tencent Cloud's metadata
 * host to learn where it runs, about 10 ms of synchronous set-up on a developer's machine that never happens in the
 * cloud. The region and namespace are the two that utils/tcbcontext.js complains about when SCF lacks them.
 */
export const CLOUD_RUNTIME_ENV: Readonly<Record<string, string>> = {
  TENCENTCLOUD_RUNENV: 'SCF',
  TENCENTCLOUD_REGION: 'ap-shanghai',
  SCF_NAMESPACE: 'coze-weapp-bench',
};

function probe(nodeBin: string, kind: ProbeKind): number {
  const { target, preload } = PROBES[kind];
  const out = execFileSync(nodeBin, [PROBE, target, ...(preload ? [preload] : [])], {
    cwd: ROOT,
    env: { ...process.env, ...CLOUD_RUNTIME_ENV },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const last = out.trim().split('\n').pop() ?? '';
  return (JSON.parse(last) as { ms: number }).ms;
}

/** The Node 16/18 binaries install-old-nodes.sh --print names (without installing anything). */
export function oldNodes(): { present: string[]; missing: string[] } {
  let listed: string[] = [];
  try {
    listed = execFileSync('bash', [path.join(ROOT, 'scripts/install-old-nodes.sh'), '--print'], { cwd: ROOT, encoding: 'utf8' }).trim().split(':');
  } catch {
    return { present: [], missing: ['scripts/install-old-nodes.sh failed'] };
  }
  return { present: listed.filter((bin) => existsSync(bin)), missing: listed.filter((bin) => bin && !existsSync(bin)) };
}

/** `runs` rounds; each round starts one fresh process per probe kind, in rotating order. */
export function measureColdStart(runs: number): ColdStartResult {
  const bytes = readFileSync(BUNDLE);
  const { present, missing } = oldNodes();
  const kinds = Object.keys(PROBES) as ProbeKind[];
  const nodes: NodeColdStart[] = [];
  for (const bin of [process.execPath, ...present]) {
    const samples = Object.fromEntries(kinds.map((k) => [k, [] as number[]])) as Record<ProbeKind, number[]>;
    for (let round = 0; round < runs; round++) {
      for (let i = 0; i < kinds.length; i++) {
        const kind = kinds[(round + i) % kinds.length];
        samples[kind].push(probe(bin, kind));
      }
    }
    const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
    nodes.push({ node: bin, version, runs, medians: Object.fromEntries(kinds.map((k) => [k, median(samples[k])])) as Record<ProbeKind, number> });
  }
  return { bundleBytes: statSync(BUNDLE).size, bundleGzipBytes: gzipSync(bytes).length, nodes, missing };
}
