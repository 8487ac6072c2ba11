import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The SMTP outages go first, side by side and alone: they time each execution's start, which the
 * CPU of a kill -9 burst or a database blip running beside them would blur. The rest follow.
 */
export default class FaultSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const timed = (f: TestSpecification) => (/\/smtp-[^/]+\.test\.ts$/.test(f.moduleId) ? 0 : 1);
    return [...files].sort((a, b) => timed(a) - timed(b) || a.moduleId.localeCompare(b.moduleId));
  }
}
