import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema, loadConfig } from '../../src/config';

/** KEY=value lines of .env.example, in order; comments and blank lines skipped. */
function readEnvExample(): [string, string][] {
  const text = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const eq = line.indexOf('=');
      if (eq <= 0) throw new Error(`not a KEY=value line in .env.example: ${line}`);
      return [line.slice(0, eq), line.slice(eq + 1)];
    });
}

const entries = readEnvExample();
const exampleKeys = entries.map(([key]) => key);
const schemaKeys = Object.keys(configSchema.shape);

describe('.env.example', () => {
  it('when a key is in the config schema, then .env.example lists it', () => {
    expect(schemaKeys.filter((k) => !exampleKeys.includes(k))).toEqual([]);
  });

  it('when a key is in .env.example, then the config schema reads it', () => {
    expect(exampleKeys.filter((k) => !schemaKeys.includes(k))).toEqual([]);
  });

  it('when a key is listed, then only once', () => {
    expect(exampleKeys.filter((k, i) => exampleKeys.indexOf(k) !== i)).toEqual([]);
  });

  it('when its values are loaded as they stand (blank meaning unset), then the config is valid', () => {
    const config = loadConfig(Object.fromEntries(entries));
    expect(config.PORT).toBe(3000);
    expect(config.MONGODB_URI).toBeUndefined();
  });
});
