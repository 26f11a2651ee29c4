/** A phone number sealed with AES-256-GCM, as one opaque string `v1.<keyId>.<iv>.<tag>.<ciphertext>`. */
export type Sealed = string;
