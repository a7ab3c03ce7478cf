/**
 * Small, faithful fakes of the two WeChat cloud services the `coze` function uses that cannot run here:
 * the cloud database (atomic `inc`, `add` refusing a duplicate `_id`, `set`/`update`/`where`) and the
 * `security.msgSecCheck` cloud call (v2 shape: the verdict is in `result.suggest`, `errCode` 0 even for risky
 * text; failures are THROWN as a CloudSDKError with `errCode`). See wechat-platform.md §1.1.
 * They are installed on the real wx-server-sdk module object, so identity (getWXContext) stays real.
 */

/** What wx-server-sdk throws for a failed cloud call: `errCode` (WeChat errcode) and `errMsg`. */
export class FakeCloudSDKError extends Error {
  constructor(readonly errCode: number, readonly errMsg: string) {
    super(`errCode: ${errCode} | errMsg: ${errMsg}`);
    this.name = 'CloudSDKError';
  }
}

type Doc = Record<string, unknown>;
type Operator = { $inc: number } | { $lt: number };

function isOperator(value: unknown): value is Operator {
  return typeof value === 'object' && value !== null && ('$inc' in value || '$lt' in value);
}

/** Every operation yields once first, so concurrent callers (two "instances") really interleave. */
function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function matches(doc: Doc, query: Record<string, unknown>): boolean {
  return Object.entries(query).every(([key, expected]) => {
    const actual = doc[key];
    if (isOperator(expected) && '$lt' in expected) return typeof actual === 'number' && actual < expected.$lt;
    return actual === expected;
  });
}

/** The cloud database as `cloud.database()` returns it, for the calls the function makes. */
export class FakeDatabase {
  readonly collections = new Map<string, Map<string, Doc>>();
  /** Collections the developer has not created: every call on them throws what wx-server-sdk throws (-502005). */
  readonly missing = new Set<string>();
  /** Collections whose calls never answer (a hung database), to prove the function still answers in time. */
  readonly hanging = new Set<string>();
  /** Single operations (`collection.op`, e.g. `coze_streams.set`) that never answer while the rest of the collection works. */
  readonly hangingOps = new Set<string>();
  /** Every operation as `collection.op`, for tests that want to see what was done. */
  readonly ops: string[] = [];
  readonly command = {
    inc: (n: number): Operator => ({ $inc: n }),
    lt: (n: number): Operator => ({ $lt: n }),
  };

  private docs(name: string): Map<string, Doc> {
    let docs = this.collections.get(name);
    if (!docs) {
      docs = new Map();
      this.collections.set(name, docs);
    }
    return docs;
  }

  collection(name: string) {
    const docs = this.docs(name);
    const record = async (op: string): Promise<void> => {
      this.ops.push(`${name}.${op}`);
      if (this.hanging.has(name) || this.hangingOps.has(`${name}.${op}`)) await new Promise<never>(() => undefined);
      if (this.missing.has(name)) {
        throw new FakeCloudSDKError(-502005, `collection.${op}:fail -502005 database collection not exists. [ResourceNotFound] Db or Table not exist. Please check your request, but if the problem persists, contact us.`);
      }
    };
    return {
      doc: (id: string) => ({
        get: async () => {
          await tick();
          await record('get');
          const doc = docs.get(id);
          if (!doc) throw new FakeCloudSDKError(-1, `document.get:fail document with _id ${id} does not exist`);
          return { data: { ...doc } };
        },
        set: async ({ data }: { data: Doc }) => {
          await tick();
          await record('set');
          const existed = docs.has(id);
          docs.set(id, { ...data, _id: id });
          return existed ? { stats: { updated: 1 } } : { _id: id, stats: { updated: 0 } };
        },
        update: async ({ data }: { data: Doc }) => {
          await tick();
          await record('update');
          const doc = docs.get(id);
          if (!doc) return { stats: { updated: 0 } };
          for (const [key, value] of Object.entries(data)) {
            if (isOperator(value) && '$inc' in value) doc[key] = (typeof doc[key] === 'number' ? (doc[key] as number) : 0) + value.$inc;
            else doc[key] = value;
          }
          return { stats: { updated: 1 } };
        },
      }),
      add: async ({ data }: { data: Doc }) => {
        await tick();
        await record('add');
        const id = typeof data._id === 'string' ? data._id : `auto-${docs.size + 1}`;
        if (docs.has(id)) throw new FakeCloudSDKError(-502001, `database request fail | E11000 duplicate key error, _id: ${id}`);
        docs.set(id, { ...data, _id: id });
        return { _id: id };
      },
      where: (query: Record<string, unknown>) => ({
        get: async () => {
          await tick();
          await record('where.get');
          return { data: [...docs.values()].filter((doc) => matches(doc, query)).map((doc) => ({ ...doc })) };
        },
        remove: async () => {
          await tick();
          await record('where.remove');
          let removed = 0;
          for (const [id, doc] of docs) {
            if (matches(doc, query)) {
              docs.delete(id);
              removed += 1;
            }
          }
          return { stats: { removed } };
        },
      }),
    };
  }
}

/** msgSecCheck's verdicts. */
export type Suggest = 'pass' | 'review' | 'risky';

/** The request wx-server-sdk's `cloud.openapi.security.msgSecCheck` takes (camelCase; the SDK converts). */
export interface MsgSecCheckRequest {
  version: number;
  openid: string;
  scene: number;
  content: string;
  nickname?: string;
  title?: string;
  signature?: string;
}

/** The answer as wx-server-sdk returns it on success (errcode/errmsg removed, keys camelCased, errMsg/errCode added). */
export interface MsgSecCheckAnswer {
  errCode: 0;
  errMsg: 'openapi.security.msgSecCheck:ok';
  traceId: string;
  result: { suggest: Suggest; label: number };
  detail: Array<{ strategy: 'content_model' | 'keyword'; errcode: number; suggest: Suggest; label: number; prob?: number; keyword?: string; level?: number }>;
}

/** Words that make the fake judge text risky / review, and one that makes the call itself fail. */
export const SEC_WORDS = { risky: '违禁词', review: '待审词', fail: '检查故障' } as const;
/** WeChat's limit for one content, in characters. */
export const SEC_MAX_CONTENT = 2500;
const LABEL_NORMAL = 100;
const LABEL_ABUSE = 20003;
const LABEL_OTHER = 21000;
const ERR_SYSTEM = -1;
const ERR_INVALID_ARGS = 40003;

/** A recording fake of `cloud.openapi.security.msgSecCheck`. */
export class FakeMsgSecCheck {
  readonly calls: MsgSecCheckRequest[] = [];
  /** When set, every call throws this errCode (the service is down / not permitted). */
  failWith?: number;
  /** When true, calls never answer (a hung WeChat service). */
  hang = false;
  /** One more text this fake judges risky (e.g. a phrase that only a bot's reasoning contains). */
  riskyPhrase?: string;

  readonly msgSecCheck = async (request: MsgSecCheckRequest): Promise<MsgSecCheckAnswer> => {
    await tick();
    this.calls.push({ ...request });
    if (this.hang) await new Promise<never>(() => undefined);
    if (this.failWith !== undefined) throw new FakeCloudSDKError(this.failWith, 'openapi.security.msgSecCheck:fail system error');
    if (request.version !== 2 || typeof request.openid !== 'string' || !request.openid || ![1, 2, 3, 4].includes(request.scene)) {
      throw new FakeCloudSDKError(ERR_INVALID_ARGS, 'openapi.security.msgSecCheck:fail invalid args: version 2, openid and scene 1-4 are required');
    }
    if (typeof request.content !== 'string' || [...request.content].length > SEC_MAX_CONTENT) {
      throw new FakeCloudSDKError(ERR_INVALID_ARGS, `openapi.security.msgSecCheck:fail content must be at most ${SEC_MAX_CONTENT} characters`);
    }
    if (request.content.includes(SEC_WORDS.fail)) throw new FakeCloudSDKError(ERR_SYSTEM, 'openapi.security.msgSecCheck:fail system error');
    const risky = request.content.includes(SEC_WORDS.risky) || (this.riskyPhrase !== undefined && request.content.includes(this.riskyPhrase));
    const suggest: Suggest = risky ? 'risky' : request.content.includes(SEC_WORDS.review) ? 'review' : 'pass';
    const label = suggest === 'pass' ? LABEL_NORMAL : suggest === 'risky' ? LABEL_ABUSE : LABEL_OTHER;
    const keyword = suggest === 'risky' ? SEC_WORDS.risky : suggest === 'review' ? SEC_WORDS.review : undefined;
    return {
      errCode: 0,
      errMsg: 'openapi.security.msgSecCheck:ok',
      traceId: `trace-${this.calls.length}`,
      result: { suggest, label },
      detail: [
        { strategy: 'content_model', errcode: 0, suggest, label, prob: suggest === 'pass' ? 0 : 90 },
        { strategy: 'keyword', errcode: 0, suggest, label, ...(keyword ? { keyword, level: 20 } : {}) },
      ],
    };
  };
}

/** The request wx-server-sdk's `cloud.openapi.security.mediaCheckAsync` takes (camelCase; the SDK converts). */
export interface MediaCheckRequest {
  version: number;
  openid: string;
  scene: number;
  mediaType: number;
  mediaUrl: string;
}

/** WeChat's message push with an image verdict (wxa_media_check), as CloudBase delivers it to the function. */
export interface MediaCheckPush {
  ToUserName: string;
  FromUserName: string;
  CreateTime: number;
  MsgType: 'event';
  Event: 'wxa_media_check';
  appid: string;
  trace_id: string;
  version: 2;
  errcode: 0;
  errmsg: 'ok';
  result: { suggest: Suggest; label: number };
  detail: Array<{ strategy: 'content_model'; errcode: 0; suggest: Suggest; label: number; prob: number }>;
}

/** Media URLs containing these words get that verdict; `silent` never gets one (no push arrives). */
export const MEDIA_WORDS = { risky: 'risky', review: 'review', silent: 'silent' } as const;

/**
 * A recording fake of `cloud.openapi.security.mediaCheckAsync`: it answers only a trace id (the real call is
 * asynchronous), then delivers the verdict LATER through `push`, the way WeChat's message push reaches the function.
 */
export class FakeMediaCheck {
  readonly calls: MediaCheckRequest[] = [];
  /** Delivers a push to the function (set by the test, e.g. calling the bundle's main without an openid). */
  push: (event: MediaCheckPush) => Promise<unknown> = () => Promise.resolve();
  /** When set, every call throws this errCode. */
  failWith?: number;

  readonly mediaCheckAsync = async (request: MediaCheckRequest): Promise<{ errCode: 0; errMsg: string; traceId: string }> => {
    await tick();
    this.calls.push({ ...request });
    if (this.failWith !== undefined) throw new FakeCloudSDKError(this.failWith, 'openapi.security.mediaCheckAsync:fail system error');
    if (request.version !== 2 || !request.openid || request.mediaType !== 2 || typeof request.mediaUrl !== 'string') {
      throw new FakeCloudSDKError(ERR_INVALID_ARGS, 'openapi.security.mediaCheckAsync:fail invalid args: version 2, openid, media_type and media_url are required');
    }
    const traceId = `media-trace-${this.calls.length}`;
    if (!request.mediaUrl.includes(MEDIA_WORDS.silent)) {
      const suggest: Suggest = request.mediaUrl.includes(MEDIA_WORDS.risky) ? 'risky' : request.mediaUrl.includes(MEDIA_WORDS.review) ? 'review' : 'pass';
      const label = suggest === 'pass' ? LABEL_NORMAL : LABEL_OTHER;
      setImmediate(() => {
        void this.push({
          ToUserName: 'gh_000000000000', FromUserName: request.openid, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'event', Event: 'wxa_media_check',
          appid: 'wx0000000000000000', trace_id: traceId, version: 2, errcode: 0, errmsg: 'ok', result: { suggest, label },
          detail: [{ strategy: 'content_model', errcode: 0, suggest, label, prob: suggest === 'pass' ? 0 : 90 }],
        });
      });
    }
    return { errCode: 0, errMsg: 'openapi.security.mediaCheckAsync:ok', traceId };
  };
}

/** The part of the wx-server-sdk module object the fakes replace. */
export interface PatchableSdk {
  database: unknown;
  openapi: unknown;
}

/**
 * Installs the fakes on a wx-server-sdk module object (the one the bundle requires) and returns the undo.
 * `cloud.database()` returns the fake database; `cloud.openapi.security.msgSecCheck` is the fake check.
 */
export function installCloudFakes(sdk: PatchableSdk, fakes: { database?: FakeDatabase; secCheck?: FakeMsgSecCheck; mediaCheck?: FakeMediaCheck }): () => void {
  const saved = { database: sdk.database, openapi: sdk.openapi };
  if (fakes.database) {
    const db = fakes.database;
    sdk.database = () => db;
  }
  if (fakes.secCheck || fakes.mediaCheck) {
    sdk.openapi = { security: { ...(fakes.secCheck ? { msgSecCheck: fakes.secCheck.msgSecCheck } : {}), ...(fakes.mediaCheck ? { mediaCheckAsync: fakes.mediaCheck.mediaCheckAsync } : {}) } };
  }
  return () => {
    sdk.database = saved.database;
    sdk.openapi = saved.openapi;
  };
}
