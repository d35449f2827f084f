import { z } from 'zod';
import { declarationChars, TOOL_CONVENTIONS } from '../src/assistant/model-schema.ts';
import { interpret, measureAccuracy } from '../src/assistant/offline/index.ts';
import { loadLanguageModel } from '../src/assistant/offline/nlp.ts';
import { groupsFor, toolsInGroups, USE_TOOLS } from '../src/assistant/toolsets.ts';
import { ROLES, type Role } from '../src/domain/actor.ts';
import { toolsFor } from '../src/tools/index.ts';
import { OFFLINE_PHRASINGS, PHRASING_DEFAULTS } from '../test/fixtures/offline-phrasings.ts';
import { writeResult } from './lib.ts';
import { holdoutScores } from './offline-sets.ts';

/**
 * What each role's tool catalogue costs a model per request (names, descriptions and the compact input
 * schemas the model brain sends, in tokens estimated at 4 characters each), and the offline engine's scores on
 * its two sets, its time per request (median over the labelled phrasings) and its language model's load.
 */

const CHARS_PER_TOKEN = 4;
const ROUNDS = 20;
/** Issue 8's budget for the tools offered on one model call. */
const TOKEN_BUDGET = 3_000;

const tokens = (chars: number) => Math.ceil(chars / CHARS_PER_TOKEN);

/** What use_tools and the conventions note add to every request, whatever else is offered. */
const FIXED_CHARS =
  JSON.stringify({
    name: USE_TOOLS.name,
    description: USE_TOOLS.description,
    parameters: z.toJSONSchema(USE_TOOLS.input),
  }).length + TOOL_CONVENTIONS.length;

function catalogueFor(role: Role) {
  const tools = toolsFor({ role }).map((t) => ({
    name: t.name,
    kind: t.kind,
    tokens: tokens(declarationChars(t)),
  }));
  return { role, count: tools.length, tokens: tools.reduce((sum, t) => sum + t.tokens, 0), tools };
}

/**
 * What one request really offers: the tools chosen for each labelled phrasing, and how often they already
 * include every tool the phrasing needs (otherwise the model has to call use_tools first).
 */
function perRequestFor(role: Role) {
  const allowed = new Set(toolsFor({ role }).map((t) => t.name));
  const sizes: number[] = [];
  let needed = 0;
  let covered = 0;
  for (const p of OFFLINE_PHRASINGS) {
    const last = p.context?.lastRecord;
    const groups = groupsFor(p.text, {
      lastRecord: last ? { type: last.type, id: last.id } : null,
      earlierUserMessages: [],
    });
    const offered = toolsInGroups({ role }, groups);
    sizes.push(tokens(offered.reduce((sum, t) => sum + declarationChars(t), FIXED_CHARS)));
    const calls = 'calls' in p.expect ? p.expect.calls.map((c) => c.tool).filter((n) => allowed.has(n)) : [];
    if (calls.length === 0) continue;
    needed += 1;
    if (calls.every((n) => offered.some((t) => t.name === n))) covered += 1;
  }
  sizes.sort((a, b) => a - b);
  return {
    role,
    requests: sizes.length,
    meanTokens: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length),
    p95Tokens: sizes[Math.floor(sizes.length * 0.95)]!,
    maxTokens: sizes.at(-1)!,
    budget: TOKEN_BUDGET,
    withinBudget: sizes.at(-1)! <= TOKEN_BUDGET,
    offeredEverythingNeeded: needed === 0 ? 1 : covered / needed,
  };
}

export async function run(): Promise<void> {
  const catalogues = ROLES.map(catalogueFor);
  const perRequest = ROLES.map(perRequestFor);
  for (const [i, c] of catalogues.entries()) {
    const r = perRequest[i]!;
    console.log(
      `${c.role.padEnd(9)} catalogue ${c.count} tools ~${c.tokens} tokens; per request mean ~${r.meanTokens}, ` +
        `max ~${r.maxTokens} (budget ${TOKEN_BUDGET}); needed tools offered up front ` +
        `${(r.offeredEverythingNeeded * 100).toFixed(1)}%`,
    );
  }

  // The language model loads on first use; timed and weighed here, before any request needs it.
  const heapBefore = process.memoryUsage().heapUsed;
  const loadStarted = performance.now();
  loadLanguageModel();
  const modelLoadMs = performance.now() - loadStarted;
  const modelHeapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

  const report = measureAccuracy(OFFLINE_PHRASINGS, interpret, PHRASING_DEFAULTS);
  const holdout = holdoutScores();
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const p of OFFLINE_PHRASINGS) {
      const started = performance.now();
      interpret(p.text, { ...PHRASING_DEFAULTS, ...p.context });
      times.push(performance.now() - started);
    }
  }
  times.sort((a, b) => a - b);
  const perRequestMs = times.reduce((a, b) => a + b, 0) / times.length;
  const medianMs = times[Math.floor(times.length / 2)]!;
  const p95Ms = times[Math.floor(times.length * 0.95)]!;
  console.log(
    `offline engine: labelled ${report.passed}/${report.total}, held-out ${holdout.passed}/${holdout.total} ` +
      `(${((holdout.passed / holdout.total) * 100).toFixed(1)}%); median ${medianMs.toFixed(3)} ms, ` +
      `mean ${perRequestMs.toFixed(3)} ms, p95 ${p95Ms.toFixed(3)} ms per request; model load ` +
      `${modelLoadMs.toFixed(0)} ms, +${modelHeapMiB.toFixed(1)} MiB heap`,
  );
  console.log(
    `results: ${writeResult('assistant', {
      method:
        `tokens ~ JSON length / ${CHARS_PER_TOKEN} of the tool declarations offered (plus use_tools and the ` +
        `conventions note), per request over the ${OFFLINE_PHRASINGS.length} labelled phrasings; engine timed ` +
        `over ${ROUNDS} rounds of the set`,
      perRequest,
      catalogues,
      offline: {
        phrasings: report.total,
        passed: report.passed,
        accuracy: report.accuracy,
        holdout: { total: holdout.total, passed: holdout.passed, byRole: holdout.by.role },
        meanMsPerRequest: perRequestMs,
        medianMsPerRequest: medianMs,
        p95MsPerRequest: p95Ms,
        modelLoadMs,
        modelHeapMiB,
      },
    })}`,
  );
}
