export { type AccessKind, type FaultReason, MemoryFault, MemoryMapError } from './fault.js';
export { type CodeWriteListener, type MmioHandler, PhysicalMemory } from './memory.js';
export {
  PAGE_SIZE,
  PERM_EXECUTE,
  PERM_READ,
  PERM_RWX,
  PERM_WRITE,
  type Permissions,
  parsePermissions,
} from './page.js';
