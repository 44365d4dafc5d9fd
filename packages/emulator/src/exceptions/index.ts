export {
  describeFault,
  type ExceptionOutcome,
  type ExceptionRequest,
  raiseException,
  requestStop,
} from './dispatcher.js';
export { EXCEPTION_RETURN_COST, enterException, exceptionReturn, vectorAddress } from './entry.js';
export { type ExceptionEvent, type ExceptionHook, ExceptionHooks, type HookOptions, type HostCall } from './hooks.js';
export { EXCEPTION_VECTORS, type ExceptionKind, type ExceptionVector } from './kinds.js';
