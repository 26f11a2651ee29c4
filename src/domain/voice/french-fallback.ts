/** Port: whether a voice caller (by caller key) accepted French where a Bambara prompt is missing. */
export interface FrenchFallbackStore {
  get(callerKey: string): Promise<boolean>;
  set(callerKey: string, accepts: boolean): Promise<void>;
}
