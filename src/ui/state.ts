/*
 * The terminal UI's Elm-like core, one module per job: the state and its messages (model), the
 * pure reducer, the pure key map, and the selectors the screens read.
 */
export * from './state/model.js';
export { uiReducer } from './state/reducer.js';
export { interpretKey, splitKeys, type InterpretOptions, type KeyOutcome, type KeyPress } from './state/keys.js';
export * from './state/selectors.js';
