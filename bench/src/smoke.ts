import { runPropagation } from './scenarios/propagation.ts';
import { buildLanewise, LanewiseUnderTest } from './servers/LanewiseUnderTest.ts';
import { ReferenceUnderTest } from './servers/ReferenceUnderTest.ts';

buildLanewise();
const spec = { name: process.argv[2] ?? 'S1', boards: 1, clientsPerBoard: 20, writersPerBoard: 5, rate: 10, warmupMs: 1000, measureMs: 4000 };
if (spec.name === 'S2') Object.assign(spec, { clientsPerBoard: 200, writersPerBoard: 20, rate: 5 });
if (spec.name === 'S3') Object.assign(spec, { boards: 50, clientsPerBoard: 10, writersPerBoard: 2, rate: 2 });
for (const which of (process.env.ONLY ?? 'Lanewise,reference').split(',')) {
  const server = which === 'Lanewise' ? await LanewiseUnderTest.start(undefined, JSON.parse(process.env.LW_ENV ?? '{}'), JSON.parse(process.env.LW_ARGS ?? '[]')) : await ReferenceUnderTest.start();
  const result = await runPropagation(server, spec, 'smoke' + which[0], 1);
  console.log(which, JSON.stringify({ ...result, latency: Object.fromEntries(Object.entries(result.latency).map(([k, v]) => [k, Math.round(v * 100) / 100])) }));
  if (server instanceof LanewiseUnderTest) await server.dispose();
  else await server.stop();
}
