import { interpret, measureAccuracy } from '../src/assistant/offline/index.ts';
import { ROLES } from '../src/domain/actor.ts';
import { toolsFor } from '../src/tools/index.ts';
import { modelSchema } from '../src/tools/model-schema.ts';
import { OFFLINE_PHRASINGS, PHRASING_DEFAULTS } from '../test/fixtures/offline-phrasings.ts';
import { writeResult } from './lib.ts';

/**
 * What each role's tool catalogue costs a model per request (names, descriptions and the compact input
 * schemas the model brain sends, in tokens estimated at 4 characters each), and the offline engine's accuracy and
 * speed on its labelled phrasings.
 */

const CHARS_PER_TOKEN = 4;
const ROUNDS = 20;

function catalogueFor(role: (typeof ROLES)[number]) {
  const tools = toolsFor({ role }).map((t) => {
    const declaration = JSON.stringify({
      name: t.name,
      description: t.description,
      parameters: modelSchema(t.name),
    });
    return { name: t.name, kind: t.kind, tokens: Math.ceil(declaration.length / CHARS_PER_TOKEN) };
  });
  return { role, count: tools.length, tokens: tools.reduce((sum, t) => sum + t.tokens, 0), tools };
}

export async function run(): Promise<void> {
  const catalogues = ROLES.map(catalogueFor);
  for (const c of catalogues)
    console.log(`${c.role.padEnd(9)} ${c.count} tools, ~${c.tokens} tokens of schema`);

  const report = measureAccuracy(OFFLINE_PHRASINGS, interpret, PHRASING_DEFAULTS);
  const started = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    for (const p of OFFLINE_PHRASINGS) interpret(p.text, { ...PHRASING_DEFAULTS, ...p.context });
  }
  const perRequestMs = (performance.now() - started) / (ROUNDS * OFFLINE_PHRASINGS.length);
  console.log(
    `offline engine: ${report.passed}/${report.total} phrasings (${(report.accuracy * 100).toFixed(1)}%), ` +
      `${perRequestMs.toFixed(3)} ms per request`,
  );
  console.log(
    `results: ${writeResult('assistant', {
      method: `schema tokens ~ JSON length / ${CHARS_PER_TOKEN}; engine timed over ${ROUNDS} rounds of the set`,
      catalogues,
      offline: {
        phrasings: report.total,
        passed: report.passed,
        accuracy: report.accuracy,
        meanMsPerRequest: perRequestMs,
      },
    })}`,
  );
}
