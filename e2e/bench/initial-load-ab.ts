/**
 * Interleaved A/B of a cold navigation to a 1,000-card board: two compiled servers, one serving
 * a reference client build (`AB_REFERENCE_DIST`, e.g. main's `client/dist`), one this checkout's,
 * loads alternating so that load from outside hits both alike. Prints medians; no file written.
 * Run: `AB_REFERENCE_DIST=/path/to/dist flock -x /tmp/lw-cpu.lock pnpm exec tsx bench/initial-load-ab.ts`
 * (build this checkout's client and the server first).
 */
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../src/browser.ts';
import { LanewiseServer } from '../src/lanewiseServer.ts';
import { initialRender, seededBoard } from './boardLoad.ts';

const CARDS = 1000;
const LOADS = Number(process.env.AB_LOADS ?? 6);
const reference = process.env.AB_REFERENCE_DIST;
if (!reference) throw new Error('Set AB_REFERENCE_DIST to the reference client build.');

const load = async (browser: Browser, url: string) => (await initialRender(browser, url, CARDS)).total;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const ref = await LanewiseServer.start({ CLIENT_DIST: reference }, { compiled: true });
const mine = await LanewiseServer.start({ CLIENT_DIST: fileURLToPath(new URL('../../client/dist', import.meta.url)) }, { compiled: true });
const browser = await launchChromium();
try {
  const urls = { reference: await seededBoard(ref, CARDS), branch: await seededBoard(mine, CARDS) };
  await load(browser, urls.reference);
  await load(browser, urls.branch);
  const times: Record<'reference' | 'branch', number[]> = { reference: [], branch: [] };
  for (let i = 0; i < LOADS; i++) {
    for (const which of (i % 2 === 0 ? ['reference', 'branch'] : ['branch', 'reference']) as Array<'reference' | 'branch'>) times[which].push(await load(browser, urls[which]));
  }
  const show = (values: number[]) => `median ${median(values).toFixed(0)} ms (${values.map((v) => v.toFixed(0)).join(', ')})`;
  console.log(`navigation → painted, ${CARDS} cards, ${LOADS} interleaved loads each`);
  console.log(`reference: ${show(times.reference)}`);
  console.log(`branch:    ${show(times.branch)}`);
  console.log(`ratio branch / reference: ${(median(times.branch) / median(times.reference)).toFixed(2)}`);
} finally {
  await browser.close();
  await ref.stop();
  await mine.stop();
}
process.exit(0);
