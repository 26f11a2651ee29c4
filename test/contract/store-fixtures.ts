import { randomBytes } from 'node:crypto';
import type { Store } from '../../src/domain/ports';
import { Sealer } from '../../src/domain/privacy/sealing';
import { REPORTED_AT } from '../helpers/report-fixture';

/** Gives the contract's tests the store opened for the current test. */
export type StoreRef = () => Store;

/** A fixed origin so dates in the tests are exact and readable: when `aNewReport` says reports were made. */
export const T0 = REPORTED_AT;
export const DAY = 24 * 60 * 60 * 1000;
export const at = (offsetMs: number): Date => new Date(T0.getTime() + offsetMs);

export const sealer = new Sealer({ keys: new Map([['k1', randomBytes(32)]]), currentKeyId: 'k1' });
