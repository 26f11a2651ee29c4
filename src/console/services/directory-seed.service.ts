import { recordFromYaml } from '../../domain/directory/directory-record';
import type { DirectoryEntry } from '../../domain/flow/directory';
import type { Store } from '../../domain/ports';
import type { Logger } from '../../logger';
import type { Clock } from '../console-deps';
import { AUDIT, recordAudit } from './audit-trail';

/**
 * Puts flows/directory.yaml (the reviewed source in git) into the store at boot: on the first start every
 * entry; later, only entries whose id the store lacks, so a contact added to the YAML reaches a running
 * deployment on its next start, and a supervisor's edit in the console is never overwritten by the YAML.
 * Audited (no actor) when it adds anything. Returns the ids added.
 */
export async function seedDirectory(
  deps: { store: Store; clock: Clock; logger: Logger },
  entries: readonly DirectoryEntry[],
): Promise<string[]> {
  const added = await deps.store.directory.addMissing(entries.map(recordFromYaml), deps.clock.now());
  if (added.length > 0) {
    await recordAudit(deps, null, AUDIT.directorySeed, null, { added: added.length });
    deps.logger.info(
      { added: added.length },
      'directory: entries of flows/directory.yaml added to the store',
    );
  }
  return added;
}
