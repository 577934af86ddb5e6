import { spawnCli, type Child, type LogRecord } from '../../helpers/child-process.js';

export interface JobProcess extends Child {
  /** The tasks of its latest assignment. */
  tasks(): string[];
}

/** `streamdash run <args>` as a child process, as an operator would start it, so a test can kill -9 it. */
export async function spawnJob(args: string[]): Promise<JobProcess> {
  const job = await spawnCli(['run', ...args]);
  const tasks = () => [...job.logs()].reverse().find(tasksAssigned())?.tasks ?? [];
  return Object.assign(job, { tasks });
}

/** The log line of an assignment: the tasks it holds, those it started and how much state they restored. */
export interface AssignedLine extends LogRecord {
  tasks: string[];
  started?: string[];
  restoredRecords?: number;
}

/** Matches the log line of an assignment, of `taskCount` tasks when given. */
export const tasksAssigned =
  (taskCount?: number) =>
  (l: LogRecord): l is AssignedLine =>
    l.msg === 'tasks assigned' && (taskCount === undefined || (l.tasks as string[] | undefined)?.length === taskCount);
