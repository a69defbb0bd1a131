import { Box, Text } from 'ink';
import { confirmQuestion } from '../../remediations/confirm.js';
import { describeOperation } from '../../remediations/operations.js';
import type { UiState } from '../state.js';
import { RISK_WORDS } from '../wording.js';
import { RISK_COLOR } from './PlanView.js';
import { cells, shortResource } from './text.js';
import { useColor } from './theme.js';

export function Confirm(props: { state: UiState; width: number }): React.JSX.Element {
  const c = useColor();
  const plan = props.state.plan.plan;
  if (!plan) return <Text>No plan to confirm. Esc goes back.</Text>;
  // The shared prompt model decides what is asked; this only draws it.
  const typedName = confirmQuestion(plan).kind === 'cluster-name';
  const { input, error } = props.state.confirm;
  return (
    <Box flexDirection="column" width={props.width}>
      <Text bold wrap="truncate">
        Confirm: {plan.title}
      </Text>
      <Text color={c(RISK_COLOR[plan.risk])} wrap="wrap">
        Risk: {RISK_WORDS[plan.risk]}
      </Text>
      <Text wrap="truncate">Cluster: {plan.clusterName}</Text>
      {plan.operations.map(describeOperation).map((op, i) => (
        <Text key={i} wrap="truncate">
          {'  '}
          {op.method} {shortResource(op.resourceId)}
        </Text>
      ))}
      {plan.warnings.slice(0, 3).map((w, i) => (
        <Text key={`w${i}`} color={c('yellow')} wrap="truncate">
          ⚠ {w.text}
        </Text>
      ))}
      {(() => {
        // What pre-flight could not check is part of what this confirmation accepts.
        const unknown = (plan.preflight ?? []).filter((i) => i.status === 'unknown').length;
        return unknown > 0 ? (
          <Text color={c('yellow')} wrap="wrap">
            ? Pre-flight could not check {unknown} item{unknown === 1 ? '' : 's'} (see the plan); confirming accepts that.
          </Text>
        ) : null;
      })()}
      <Text> </Text>
      {typedName ? (
        <>
          <Text wrap="wrap">
            This cannot be undone. Type the cluster name <Text bold>{plan.clusterName}</Text> and press Enter to apply; Esc cancels.
          </Text>
          <Box borderStyle="single" borderColor={c('red')} paddingX={1} width={Math.min(props.width, Math.max(30, cells(plan.clusterName) + 8))}>
            <Text>
              {'> '}
              {input}
              <Text inverse> </Text>
            </Text>
          </Box>
        </>
      ) : (
        <Text wrap="wrap">
          Apply this plan to cluster <Text bold>{plan.clusterName}</Text> now? (y/n)
        </Text>
      )}
      {error ? (
        <Text color={c('red')} wrap="wrap">
          ✖ {error}
        </Text>
      ) : null}
    </Box>
  );
}
