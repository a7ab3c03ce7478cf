/**
 * One build of the preview: scan app.json, compile WXML with wcc, convert WXSS with postcss, bundle the logic with
 * esbuild. Every step reports its problems with file:line instead of throwing, so the overlay can show them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AppBundler } from './bundle';
import { type BuildProblem, toProblems } from './build-error';
import { compileWxml } from './compile-wxml';
import { convertWxss } from './convert-wxss';
import { type ScannedApp, scanApp } from './scan-app';

/** What the server hands to the browser after a build. */
export interface BuildOutput {
  ok: boolean;
  problems: BuildProblem[];
  /** Served as /__preview/wxml.js, /__preview/bundle.js and /__preview/app.css. */
  wxmlJs: string;
  bundleJs: string;
  bundleMap: string;
  css: string;
  /** Wall time of the build in milliseconds (reported, never asserted). */
  ms: number;
  builtAt: number;
}

/** The CSS of the whole app: app.wxss unprefixed, each page under its own frame (isolated), each component under its own prefix. */
export function buildCss(app: ScannedApp): string {
  const parts: string[] = [];
  const appWxss = path.join(app.root, 'app.wxss');
  if (fs.existsSync(appWxss)) parts.push(`/* app.wxss */\n${convertWxss(appWxss, app.root, { prefix: '', hostTag: 'wx-page' })}`);
  for (const c of app.components) {
    const file = path.join(app.root, `${c.path}.wxss`);
    if (!fs.existsSync(file)) continue;
    const scope = c.isPage ? { prefix: '', hostTag: 'wx-page', within: `.wx-page-frame[data-route="${c.path.replace(/^\//, '')}"]` } : { prefix: c.classPrefix, hostTag: c.classPrefix };
    parts.push(`/* ${c.path}.wxss */\n${convertWxss(file, app.root, scope)}`);
  }
  return parts.join('\n');
}

/** Keeps the esbuild context between builds of one root. */
export class PreviewBuilder {
  private readonly bundler: AppBundler;
  readonly root: string;

  constructor(root: string, minify = false) {
    this.root = path.resolve(root);
    this.bundler = new AppBundler(this.root, minify);
  }

  async build(): Promise<BuildOutput> {
    const started = Date.now();
    const problems: BuildProblem[] = [];
    let wxmlJs = '';
    let bundleJs = '';
    let css = '';
    let app: ScannedApp | null = null;
    try {
      app = scanApp(this.root);
    } catch (err) {
      problems.push(...toProblems(err));
    }
    if (app) {
      const scanned = app;
      const step = async (fn: () => string | Promise<string>): Promise<string> => {
        try {
          return await fn();
        } catch (err) {
          problems.push(...toProblems(err));
          return '';
        }
      };
      wxmlJs = await step(() => compileWxml(scanned));
      css = await step(() => buildCss(scanned));
      bundleJs = await step(() => this.bundler.bundle(scanned));
    }
    const ms = Date.now() - started;
    return { ok: problems.length === 0, problems, wxmlJs, bundleJs, bundleMap: this.bundler.sourceMap, css, ms, builtAt: Date.now() };
  }

  dispose(): Promise<void> {
    return this.bundler.dispose();
  }
}
