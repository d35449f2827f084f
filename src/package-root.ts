import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding Parley's package.json. Found by walking up from this module, because the same code runs
 * from src/ (through tsx) and from the dist/ bundle, at different depths.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Parley is not inside a folder with a package.json');
    dir = parent;
  }
  return dir;
}
