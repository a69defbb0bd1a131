import { describe, expect, it } from 'vitest';
import { confirmQuestion, isYes, promptKey, promptLine, type PromptKey, type PromptState, type PromptStep } from '../../src/remediations/confirm.js';

/** The one confirmation model behind `fix` at a terminal, the terminal UI and the playbook stepper. */

const destructive = { risk: 'destructive' as const, clusterName: 'aks-prod' };
const reversible = { risk: 'reversible' as const, clusterName: 'aks-prod' };
const typing = (input: string): PromptState => ({ question: confirmQuestion(destructive), input });
const yesNo: PromptState = { question: confirmQuestion(reversible), input: '' };
const k = (input: string, extra: Omit<PromptKey, 'input'> = {}): PromptKey => ({ input, ...extra });

describe('confirmQuestion', () => {
  it.each([
    ['destructive', { kind: 'cluster-name', clusterName: 'aks-prod' }],
    ['disruptive', { kind: 'yes-no' }],
    ['reversible', { kind: 'yes-no' }],
  ] as const)('%s → %j', (risk, question) => {
    expect(confirmQuestion({ risk, clusterName: 'aks-prod' })).toEqual(question);
  });
});

describe('isYes: only y or yes, in any case, is yes; the default is no', () => {
  it.each([
    ['y', true], ['Y', true], ['yes', true], ['YES', true], [' y ', true],
    ['', false], ['n', false], ['no', false], ['ye', false], ['yess', false], ['sure', false],
  ])('%j → %s', (answer, yes) => expect(isYes(answer)).toBe(yes));
});

describe('promptKey', () => {
  it.each<[string, PromptState, PromptKey, PromptStep]>([
    ['y confirms a y/n question', yesNo, k('y'), { kind: 'yes' }],
    ['Y confirms it too', yesNo, k('Y'), { kind: 'yes' }],
    ['n declines', yesNo, k('n'), { kind: 'no' }],
    ['q declines', yesNo, k('q'), { kind: 'no' }],
    ['Esc declines', yesNo, k('', { escape: true }), { kind: 'no' }],
    ['Enter is no answer to y/n', yesNo, k('', { return: true }), { kind: 'none' }],
    ['other keys do nothing at y/n', yesNo, k('x'), { kind: 'none' }],
    ['Ctrl-C cancels', yesNo, k('c', { ctrl: true }), { kind: 'cancel' }],
    ['Ctrl-D cancels', typing('aks'), k('d', { ctrl: true }), { kind: 'cancel' }],
    ['letters are typed, q and y included', typing('aks-pro'), k('q'), { kind: 'append', text: 'q' }],
    ['y is typed, not a yes, at the name', typing(''), k('y'), { kind: 'append', text: 'y' }],
    ['a pasted chunk is typed whole', typing(''), k('aks-prod'), { kind: 'append', text: 'aks-prod' }],
    ['backspace erases', typing('aks'), k('', { backspace: true }), { kind: 'erase' }],
    ['delete erases', typing('aks'), k('', { delete: true }), { kind: 'erase' }],
    ['tab is not text', typing('aks'), k('\t', { tab: true }), { kind: 'none' }],
    ['Esc declines at the name', typing('aks'), k('', { escape: true }), { kind: 'no' }],
    ['Enter with the name confirms with it', typing('aks-prod'), k('', { return: true }), { kind: 'yes', confirmation: 'aks-prod' }],
    [
      'Enter with another name is a wrong name',
      typing('AKS-PROD'),
      k('', { return: true }),
      { kind: 'wrong-name', typed: 'AKS-PROD', message: '"AKS-PROD" is not the cluster name aks-prod; nothing was changed.' },
    ],
  ])('%s', (_why, state, key, step) => {
    expect(promptKey(state, key)).toEqual(step);
  });
});

describe('promptLine', () => {
  it.each<[string, Parameters<typeof promptLine>[0], string | undefined, PromptStep]>([
    ['y confirms', { kind: 'yes-no' }, 'y', { kind: 'yes' }],
    ['Enter alone is no', { kind: 'yes-no' }, '', { kind: 'no' }],
    ['end of input cancels', { kind: 'yes-no' }, undefined, { kind: 'cancel' }],
    ['the name confirms, surrounding blanks aside', { kind: 'cluster-name', clusterName: 'aks-prod' }, ' aks-prod ', { kind: 'yes', confirmation: 'aks-prod' }],
    ['Ctrl-C at the name cancels', { kind: 'cluster-name', clusterName: 'aks-prod' }, undefined, { kind: 'cancel' }],
    [
      'a wrong name is told as such',
      { kind: 'cluster-name', clusterName: 'aks-prod' },
      'aks-pro',
      { kind: 'wrong-name', typed: 'aks-pro', message: '"aks-pro" is not the cluster name aks-prod; nothing was changed.' },
    ],
  ])('%s', (_why, question, line, step) => {
    expect(promptLine(question, line)).toEqual(step);
  });
});
