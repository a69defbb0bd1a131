// The errors live in src/core so that layers below app/ (capture, engine) can throw them too.
export { EXIT, IncompleteError, UsageError } from '../core/errors.js';
