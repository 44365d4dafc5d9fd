import type { Machine } from '@armprobe/emulator';
import type { Platform, StopMachineOptions } from '@armprobe/patcher';

/**
 * The patcher's view of an emulated machine. Writes go through the machine's host store path (one
 * 32-bit store; every CPU's decoded lines covering the word are dropped in the coherent fetch model).
 */
export function machinePlatform(machine: Machine): Platform {
  const memory = machine.memory;
  return {
    cpuCount: () => machine.cpus.length,
    read: (address, size) =>
      size === 4 ? memory.peek32(address) : memory.peek8(address) | (memory.peek8(address + 1) << 8),
    write: (address, value, size) => {
      if (size === 4) memory.poke32(address, value);
      else {
        memory.poke8(address, value & 0xff);
        memory.poke8(address + 1, (value >>> 8) & 0xff);
      }
    },
    cacheMaintenance: () => {
      // Coherent fetch: the store already reached every CPU's instruction side.
    },
    syncCores: () => {
      for (const cpu of machine.cpus) cpu.attention = 1;
    },
    stopMachine: (fn: (cpu: number) => void, options: StopMachineOptions) => {
      if (options.writers === 'one') fn(0);
      else for (const cpu of machine.cpus) fn(cpu.index);
    },
    cycles: () => machine.statistics().cycles,
  };
}
