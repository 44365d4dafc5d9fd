export { Cp15, type Cp15Listener, type Cp15Operation, type Cp15OperationName } from './cp15.js';
export { Cpu, type CpuSystem } from './cpu.js';
export { ExclusiveMonitor } from './exclusive-monitor.js';
export * from './modes.js';
