/**
 * resume_run — runs again the failed, skipped and cancelled steps of a finished run
 * (optionally with corrected definitions of some steps), reusing the results of the steps
 * that succeeded. A new run with `resumed_from`; it answers like run_plan.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { PlanStepSchema } from '../engine/plan.js';
import { strictObject } from '../engine/strict-object.js';
import { planResume } from '../runs/resume.js';
import { withPool, type ServerDeps } from '../server/deps.js';
import { BackgroundField, registerRunTool, type RunToolDeps } from '../server/run-tool.js';
import { reportOf } from '../runs/run-answer.js';
import { runPlan, RunPlanOutputShape, type RunPlanInput } from './run-plan.js';
import { runPlanResponse } from './run-plan-response.js';

export const ResumeRunInputShape = {
  run_id: z.string().min(1).describe('The finished run to resume (run_plan, call_tools_parallel or resume_run).'),
  steps: z
    .array(PlanStepSchema)
    .optional()
    .describe('Corrected definitions of some of its steps, by id (the whole step); they run again, with every step that depends on them.'),
  background: BackgroundField,
};

type ResumeRunInput = z.infer<z.ZodObject<typeof ResumeRunInputShape>>;

export function registerResumeRunTool(server: McpServer, deps: ServerDeps, runTool: RunToolDeps): void {
  registerRunTool<ResumeRunInput>(server, runTool, 'resume_run', {
    title: 'Resume a run',
    description:
      'Run again the failed, skipped and cancelled steps of a finished run — optionally with corrected ' +
      'definitions of some steps — reusing the results of the steps that succeeded (their tools are not ' +
      'called again; they keep status ok with reused: true). Answers like run_plan, as a new run with resumed_from.',
    inputSchema: strictObject(ResumeRunInputShape),
    outputShape: { ...RunPlanOutputShape, resumed_from: z.string() },
    annotations: { title: 'Resume a run', openWorldHint: true },
    prepare: (input) => {
      const plan = planResume(input.run_id, runTool.runs.memory(input.run_id), input.steps);
      if (!plan.ok) {
        if (!runTool.runs.get(input.run_id)) throw new Error(`unknown run "${input.run_id}": expected the run_id of a finished run of this parallel-mcp process`);
        throw new Error(plan.message);
      }
      const planInput = plan.input as RunPlanInput;
      return {
        spec: {
          steps: planInput.steps.map((step) => ({ id: step.id, ...(step.server === undefined ? {} : { server: step.server }), tool: step.tool })),
          ...(planInput.outputs ? { outputs: planInput.outputs } : {}),
          resumed_from: input.run_id,
          input: planInput,
        },
        run: async (context) => {
          const outcome = await runPlan(withPool(deps, context.pool), planInput, {
            signal: context.signal,
            onEvent: context.onEvent,
            server: context.server,
            reuse: plan.reuse,
            ...(context.progress ? { progress: context.progress } : {}),
          });
          if (!outcome.ok) return { text: outcome.message, isError: true, runFailed: true };
          const reused = [...plan.reuse.keys()];
          const head = `Resumed run ${input.run_id}: reused ${reused.length ? reused.join(', ') : 'nothing'}; ran again ${plan.rerun.length ? plan.rerun.join(', ') : 'nothing'}.`;
          const report = reportOf(runPlanResponse(outcome.output, outcome.gantt, deps.config.settings));
          return { ...report, text: `${head}\n${report.text}`, structured: { ...report.structured, resumed_from: input.run_id } };
        },
      };
    },
  });
}
