/** Messages between the update gate (main thread) and its worker. */
export type GateRequest =
  | { readonly type: 'init'; readonly key: string; readonly state: Uint8Array; readonly maxBoardBytes: number }
  | { readonly type: 'mirror'; readonly key: string; readonly update: Uint8Array }
  | { readonly type: 'drop'; readonly key: string }
  | { readonly type: 'admit'; readonly id: number; readonly key: string; readonly update: Uint8Array }
  | { readonly type: 'probe'; readonly id: number; readonly key: string; readonly update: Uint8Array };

/**
 * `admit`: the update was applied to the mirror and keeps the board valid (ok), or it was refused
 * and the mirror dropped. `probe`: whether the update would change the board at all.
 */
export type GateResponse =
  | { readonly id: number; readonly ok: true; readonly ms: number; readonly changes: boolean }
  | { readonly id: number; readonly ok: false; readonly code: number; readonly reason: string; readonly mirrorDropped: boolean };
