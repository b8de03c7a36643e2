/**
 * The AWS console's "Create key" steps for a symmetric encryption key, as a
 * form: configure, labels, administrators, users, review. The review shows
 * the key policy the console would write and the CLI commands that do the
 * same; Create key makes the key in the learner's sandbox (the same one the
 * terminal uses), so the Keys tab and the terminal see it at once.
 *
 * The logic lives in create-key-wizard.ts; this file is the form and its
 * accessibility: a step list with aria-current, fieldsets with legends, a
 * label on every input, errors tied to their inputs with aria-describedby,
 * and focus moved to the step's heading when the step changes.
 */
import { useEffect, useId, useRef, useState, type ReactNode, type SubmitEvent } from 'react';
import type { Principal } from '../../kms/principals.ts';
import type { Sandbox } from '../../shell/sandbox.ts';
import CommandText from '../lesson/CommandText.tsx';
import { requestRun } from '../lesson/run-bridge.ts';
import { getSandboxHost } from '../sandbox/sandbox-host.ts';
import { useHydrated } from '../use-hydrated.ts';
import {
  aliasInUse,
  cliCommands,
  createFromWizard,
  describePrincipal,
  fullAliasName,
  initialState,
  policyFor,
  policyText,
  selectablePrincipals,
  STEPS,
  validateStep,
  WizardError,
  type FieldId,
  type StepId,
  type WizardIssue,
  type WizardState,
  type WizardTag,
} from './create-key-wizard.ts';
import './wizard.css';

/** What the wizard needs of the page's sandbox host (sandbox-host.ts); tests pass their own. */
export interface WizardHost {
  readonly sandbox: Sandbox;
  save(): Promise<void>;
}

export interface CreateKeyWizardProps {
  /** The sandbox to create keys in; the page's shared one when absent. */
  host?: WizardHost;
  /** Level of the wizard's title; each step's heading is one below it. */
  headingLevel?: 2 | 3 | 4;
  /** Where to start and with which choices (server-rendered tests look at later steps this way). */
  initialStep?: StepId;
  initial?: Partial<WizardState>;
}

/** A simulator (or wizard) refusal, shown at the step that caused it. */
interface Failure {
  step: StepId;
  field: FieldId | undefined;
  name: string;
  message: string;
  keyId: string | undefined;
}

type Heading = 'h2' | 'h3' | 'h4' | 'h5';

const stepIndex = (step: StepId) => STEPS.findIndex((s) => s.id === step);

/** Which form fields a change touches, so an error about one field clears only when that field changes. */
function touchedFields(patch: Partial<WizardState>): Set<FieldId> {
  const fields = new Set<FieldId>();
  if ('alias' in patch) fields.add('alias');
  if ('description' in patch) fields.add('description');
  if ('tags' in patch) fields.add('tags');
  if ('origin' in patch) fields.add('origin');
  if ('admins' in patch || 'users' in patch || 'allowDeletion' in patch) fields.add('policy');
  return fields;
}

function failureFrom(error: unknown): Failure {
  if (error instanceof WizardError) return { step: error.step, field: error.field, name: error.name, message: error.message, keyId: error.keyId };
  return { step: 'review', field: undefined, name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error), keyId: undefined };
}

/**
 * The success page's command to try: encrypt as a key user the learner chose (the
 * application role first), else as the account root, whom the policy's first statement lets in.
 */
export function tryCommand(alias: string, users: readonly string[], principals: readonly Principal[]): string {
  const chosen = principals.filter((p) => users.includes(p.policyArn));
  const user = chosen.find((p) => p.name === 'app') ?? chosen[0];
  return `aws kms encrypt --key-id ${alias} --plaintext aGk=${user ? ` --profile ${user.name}` : ''}`;
}

export default function CreateKeyWizard({ host: givenHost, headingLevel = 3, initialStep = 'configure', initial = {} }: CreateKeyWizardProps) {
  const hydrated = useHydrated();
  const id = useId();
  const [host, setHost] = useState<WizardHost | null>(givenHost ?? null);
  const [hostError, setHostError] = useState<string | null>(null);
  const [state, setState] = useState<WizardState>(() => ({
    ...initialState(givenHost?.sandbox.kms.account.accountId),
    ...initial,
  }));
  const [step, setStep] = useState<StepId>(initialStep);
  /** Steps where the learner pressed Next with something to fix: their messages show from then on. */
  const [checked, setChecked] = useState<ReadonlySet<StepId>>(new Set());
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ keyId: string; alias: string } | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const mounted = useRef(false);
  const pendingFocus = useRef<string | null>(null);

  // The page's sandbox opens once; the policy names its account.
  useEffect(() => {
    if (givenHost) return;
    let live = true;
    getSandboxHost()
      .then((h) => {
        if (!live) return;
        setHost(h);
        setState((s) => ({ ...s, accountId: h.sandbox.kms.account.accountId }));
      })
      .catch((error: unknown) => live && setHostError(error instanceof Error ? error.message : String(error)));
    return () => {
      live = false;
    };
  }, [givenHost]);

  // A new step (or the success message) takes focus to its heading, so a screen reader starts there.
  // Not on the first render: opening the page must not pull focus into the wizard.
  useEffect(() => {
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    headingRef.current?.focus();
  }, [step, created]);

  // After Add tag, the new tag's key input (it exists only after the render).
  useEffect(() => {
    if (pendingFocus.current) document.getElementById(pendingFocus.current)?.focus();
    pendingFocus.current = null;
  });

  const fieldId = (field: FieldId | string) => `${id}-${field}`;
  const issues = validateStep(state, step);
  const shown: WizardIssue[] = checked.has(step) ? issues : [];
  const errorsFor = (field: FieldId) => shown.filter((i) => i.field === field).map((i) => i.message);
  const failureHere = failure && failure.step === step ? failure : null;

  const update = (patch: Partial<WizardState>) => {
    setState((s) => ({ ...s, ...patch }));
    if (failure?.field && touchedFields(patch).has(failure.field)) setFailure(null);
  };

  const go = (next: StepId) => {
    setStep(next);
  };

  const principals: Principal[] = host ? selectablePrincipals(host.sandbox.kms.principals()) : [];
  /** Keeps the chosen ARNs in the list's order, whatever order they were ticked in. */
  const toggle = (list: readonly string[], arn: string, on: boolean) =>
    principals.map((p) => p.policyArn).filter((a) => (a === arn ? on : list.includes(a)));

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    if (issues.length > 0) {
      setChecked((c) => new Set([...c, step]));
      // The first field to fix gets focus; its message is read with it (aria-describedby).
      const first = issues[0]!.field;
      document.getElementById(fieldId(first))?.focus();
      return;
    }
    if (step === 'labels' && host) {
      // The console checks that the alias is free before going on, as CreateAlias would word it.
      const taken = aliasInUse(host.sandbox.kms, state);
      if (taken) {
        setFailure(failureFrom(taken));
        document.getElementById(fieldId('alias'))?.focus();
        return;
      }
    }
    if (step !== 'review') {
      setFailure(null);
      go(STEPS[stepIndex(step) + 1]!.id);
      return;
    }
    if (!host) return;
    setBusy(true);
    setFailure(null);
    try {
      const result = await createFromWizard(host.sandbox, state);
      await host.save();
      setCreated(result);
    } catch (error) {
      const placed = failureFrom(error);
      setFailure(placed);
      if (placed.step !== step) go(placed.step);
    } finally {
      setBusy(false);
    }
  };

  const startAgain = () => {
    setState(initialState(state.accountId));
    setChecked(new Set());
    setFailure(null);
    setCreated(null);
    setStep('configure');
  };

  const Title = `h${headingLevel}` as Heading;
  const StepHeading = `h${headingLevel + 1}` as Heading;
  const index = stepIndex(step);
  const simErrorId = fieldId('sim-error');
  /** aria-describedby for a field: its hint, its messages, and the simulator's error when it is about this field. */
  const describedBy = (field: FieldId, ...extra: (string | false | undefined)[]) =>
    [...extra, errorsFor(field).length > 0 && fieldId(`${field}-error`), failureHere?.field === field && simErrorId].filter(Boolean).join(' ') || undefined;
  const invalid = (field: FieldId) => errorsFor(field).length > 0 || failureHere?.field === field;

  const fieldErrors = (field: FieldId) => {
    const messages = errorsFor(field);
    if (messages.length === 0) return null;
    return (
      <div className="wiz-error" id={fieldId(`${field}-error`)}>
        {messages.map((m) => (
          <p key={m}>
            <span className="wiz-vh">Error: </span>
            {m}
          </p>
        ))}
      </div>
    );
  };

  const choice = (props: {
    type: 'radio' | 'checkbox';
    name: string;
    value: string;
    label: ReactNode;
    hint?: ReactNode;
    checked: boolean;
    disabled?: boolean;
    field?: FieldId;
    onChange?: (checked: boolean) => void;
  }) => {
    const inputId = props.field ?? `${props.name}-${props.value}`;
    const hintId = props.hint ? fieldId(`${inputId}-hint`) : undefined;
    return (
      <div className={`wiz-choice${props.disabled ? ' wiz-choice-off' : ''}`} key={props.value}>
        <input
          type={props.type}
          id={fieldId(inputId)}
          name={`${id}-${props.name}`}
          value={props.value}
          checked={props.checked}
          disabled={props.disabled}
          aria-invalid={props.field && invalid(props.field) ? true : undefined}
          aria-describedby={props.field ? describedBy(props.field, hintId) : hintId}
          onChange={(e) => props.onChange?.(e.currentTarget.checked)}
        />
        <label htmlFor={fieldId(inputId)}>
          {props.label}
          {props.disabled && <span className="wiz-off"> (not simulated here)</span>}
        </label>
        {props.hint && (
          <p className="wiz-hint" id={hintId}>
            {props.hint}
          </p>
        )}
      </div>
    );
  };

  const simError = failureHere && (
    <div className="wiz-alert" role="alert" id={simErrorId}>
      <p>
        <strong>{failureHere.name}</strong>: {failureHere.message}
      </p>
      {failureHere.keyId && (
        <p>
          The key <code>{failureHere.keyId}</code> was created without this alias. Give it one in the terminal with <code>aws kms create-alias</code>, or
          schedule its deletion.
        </p>
      )}
    </div>
  );

  // ---- the steps ----

  const configureStep = (
    <>
      <fieldset className="wiz-fieldset">
        <legend>Key type</legend>
        {choice({ type: 'radio', name: 'key-type', value: 'symmetric', checked: true, label: 'Symmetric', hint: 'A single key that encrypts and decrypts data.' })}
        {choice({ type: 'radio', name: 'key-type', value: 'asymmetric', checked: false, disabled: true, label: 'Asymmetric' })}
      </fieldset>
      <fieldset className="wiz-fieldset">
        <legend>Key usage</legend>
        {choice({ type: 'radio', name: 'key-usage', value: 'encrypt-decrypt', checked: true, label: 'Encrypt and decrypt' })}
        {choice({ type: 'radio', name: 'key-usage', value: 'mac', checked: false, disabled: true, label: 'Generate and verify MAC' })}
      </fieldset>
      <details className="wiz-advanced" open={state.origin === 'EXTERNAL'}>
        <summary>Advanced options</summary>
        <fieldset className="wiz-fieldset">
          <legend>Key material origin</legend>
          {choice({
            type: 'radio',
            name: 'origin',
            value: 'AWS_KMS',
            field: 'origin',
            checked: state.origin === 'AWS_KMS',
            label: 'KMS (recommended)',
            hint: 'AWS KMS generates the key material.',
            onChange: (on) => on && update({ origin: 'AWS_KMS', acknowledgeExternal: false }),
          })}
          {choice({
            type: 'radio',
            name: 'origin',
            value: 'EXTERNAL',
            checked: state.origin === 'EXTERNAL',
            label: 'External (Import key material)',
            hint: 'The key starts in the Pending import state, with no key material, until you import yours.',
            onChange: (on) => on && update({ origin: 'EXTERNAL' }),
          })}
          {choice({ type: 'radio', name: 'origin', value: 'AWS_CLOUDHSM', checked: false, disabled: true, label: 'AWS CloudHSM key store' })}
          {choice({ type: 'radio', name: 'origin', value: 'EXTERNAL_KEY_STORE', checked: false, disabled: true, label: 'External key store' })}
          {state.origin === 'EXTERNAL' && (
            <>
              {choice({
                type: 'checkbox',
                name: 'ack',
                value: 'ack',
                field: 'acknowledgeExternal',
                checked: state.acknowledgeExternal,
                label: 'I understand the security and durability implications of using an imported key.',
                hint: 'You keep the only durable copy of imported key material: AWS cannot restore it if it is deleted or expires.',
                onChange: (on) => update({ acknowledgeExternal: on }),
              })}
              {fieldErrors('acknowledgeExternal')}
            </>
          )}
        </fieldset>
        <fieldset className="wiz-fieldset">
          <legend>Regionality</legend>
          {choice({ type: 'radio', name: 'region', value: 'single', checked: true, label: 'Single-Region key' })}
          {choice({ type: 'radio', name: 'region', value: 'multi', checked: false, disabled: true, label: 'Multi-Region key' })}
        </fieldset>
      </details>
    </>
  );

  const setTag = (i: number, patch: Partial<WizardTag>) => update({ tags: state.tags.map((t, j) => (j === i ? { ...t, ...patch } : t)) });

  const labelsStep = (
    <>
      <div className="wiz-field">
        <label htmlFor={fieldId('alias')}>Alias</label>
        <p className="wiz-hint" id={fieldId('alias-hint')}>
          Type the name without <code>alias/</code>: the console adds it. Letters, numbers, <code>:</code> <code>/</code> <code>_</code> <code>-</code>{' '}
          only, and not <code>aws/</code>, which AWS keeps for its own keys.
        </p>
        <div className="wiz-prefixed">
          <span className="wiz-prefix" aria-hidden="true">
            alias/
          </span>
          <input
            type="text"
            id={fieldId('alias')}
            className="wiz-input"
            value={state.alias}
            autoComplete="off"
            spellCheck={false}
            aria-required="true"
            aria-invalid={invalid('alias') || undefined}
            aria-describedby={describedBy('alias', fieldId('alias-hint'), fieldId('alias-result'))}
            onChange={(e) => update({ alias: e.currentTarget.value })}
          />
        </div>
        <p className="wiz-result" id={fieldId('alias-result')}>
          The key's alias will be <code>{state.alias === '' ? 'alias/…' : fullAliasName(state.alias)}</code>
        </p>
        {fieldErrors('alias')}
      </div>

      <div className="wiz-field">
        <label htmlFor={fieldId('description')}>
          Description <span className="wiz-optional">(optional)</span>
        </label>
        <textarea
          id={fieldId('description')}
          className="wiz-input"
          rows={3}
          value={state.description}
          aria-invalid={invalid('description') || undefined}
          aria-describedby={describedBy('description')}
          onChange={(e) => update({ description: e.currentTarget.value })}
        />
        {fieldErrors('description')}
      </div>

      {/* Focusable (not in the tab order) so a "too many tags" message can take the learner here. */}
      <fieldset className="wiz-fieldset" id={fieldId('tags')} tabIndex={-1} aria-describedby={describedBy('tags', fieldId('tags-hint'))}>
        <legend>
          Tags <span className="wiz-optional">(optional)</span>
        </legend>
        <p className="wiz-hint" id={fieldId('tags-hint')}>
          Key–value pairs to find, group and control access to the key. Keys beginning with <code>aws:</code> are reserved.
        </p>
        {fieldErrors('tags')}
        {state.tags.map((tag, i) => (
          <fieldset className="wiz-tag" key={i}>
            <legend>Tag {i + 1}</legend>
            <div className="wiz-field">
              <label htmlFor={fieldId(`tag-${i}-key`)}>Tag key</label>
              <input
                type="text"
                id={fieldId(`tag-${i}-key`)}
                className="wiz-input"
                value={tag.key}
                aria-invalid={invalid(`tag-${i}-key`) || undefined}
                aria-describedby={describedBy(`tag-${i}-key`)}
                onChange={(e) => setTag(i, { key: e.currentTarget.value })}
              />
              {fieldErrors(`tag-${i}-key`)}
            </div>
            <div className="wiz-field">
              <label htmlFor={fieldId(`tag-${i}-value`)}>
                Tag value <span className="wiz-optional">(optional)</span>
              </label>
              <input
                type="text"
                id={fieldId(`tag-${i}-value`)}
                className="wiz-input"
                value={tag.value}
                aria-invalid={invalid(`tag-${i}-value`) || undefined}
                aria-describedby={describedBy(`tag-${i}-value`)}
                onChange={(e) => setTag(i, { value: e.currentTarget.value })}
              />
              {fieldErrors(`tag-${i}-value`)}
            </div>
            <button type="button" className="wiz-button wiz-remove" onClick={() => update({ tags: state.tags.filter((_, j) => j !== i) })}>
              Remove<span className="wiz-vh"> tag {i + 1}</span>
            </button>
          </fieldset>
        ))}
        <button
          type="button"
          className="wiz-button"
          onClick={() => {
            pendingFocus.current = fieldId(`tag-${state.tags.length}-key`);
            update({ tags: [...state.tags, { key: '', value: '' }] });
          }}
        >
          Add tag
        </button>
      </fieldset>
    </>
  );

  const principalChoices = (kind: 'admins' | 'users') => {
    if (hostError) return <p className="wiz-alert">The sandbox could not be opened: {hostError}</p>;
    if (!host) return <p role="status">Opening the sandbox to list its principals…</p>;
    return principals.map((p) => {
      const { name, kind: what } = describePrincipal(p);
      return choice({
        type: 'checkbox',
        name: kind,
        value: p.name,
        checked: state[kind].includes(p.policyArn),
        label: (
          <>
            <span className="wiz-principal">{name}</span> <span className="wiz-muted">{what}, profile {p.name}</span>
          </>
        ),
        hint: (
          <>
            {p.description} <code className="wiz-arn">{p.policyArn}</code>
          </>
        ),
        onChange: (on) => {
          const chosen = toggle(state[kind], p.policyArn, on);
          update(kind === 'admins' ? { admins: chosen } : { users: chosen });
        },
      });
    });
  };

  const rootNote = (
    <p className="wiz-hint">
      The account root is not listed: the policy's first statement already gives the account (<code>arn:aws:iam::{state.accountId}:root</code>) every
      permission, and lets IAM policies grant access too.
    </p>
  );

  const adminsStep = (
    <>
      <fieldset className="wiz-fieldset">
        <legend>Key administrators</legend>
        <p className="wiz-hint">Choose the IAM users and roles who can administer this key. Administrators get permission to manage the key, not to use it to encrypt or decrypt; but kms:Create* includes kms:CreateGrant, so an administrator can grant itself that use.</p>
        {principalChoices('admins')}
        {rootNote}
      </fieldset>
      <fieldset className="wiz-fieldset">
        <legend>Key deletion</legend>
        {choice({
          type: 'checkbox',
          name: 'deletion',
          value: 'allow',
          checked: state.allowDeletion,
          label: 'Allow key administrators to delete this key.',
          hint: (
            <>
              Clearing it leaves <code>kms:ScheduleKeyDeletion</code> and <code>kms:CancelKeyDeletion</code> out of the administrators' statement.
              That removes the key policy's permission only: the first statement lets IAM policies grant access, so an IAM policy that allows
              deletion still does (in this sandbox, KeyAdmin's does).
            </>
          ),
          onChange: (on) => update({ allowDeletion: on }),
        })}
      </fieldset>
    </>
  );

  const usersStep = (
    <fieldset className="wiz-fieldset">
      <legend>Key users</legend>
      <p className="wiz-hint">
        Choose the IAM users and roles who can use this key in cryptographic operations (encrypt, decrypt, generate data keys), and let AWS services use
        it for them through grants.
      </p>
      {principalChoices('users')}
      {rootNote}
    </fieldset>
  );

  const arnsOrNone = (arns: readonly string[]) =>
    arns.length === 0 ? (
      <span className="wiz-muted">None</span>
    ) : (
      arns.map((a) => (
        <code className="wiz-arn wiz-line" key={a}>
          {a}
        </code>
      ))
    );

  const editButton = (target: StepId) => (
    <button type="button" className="wiz-button wiz-edit" onClick={() => go(target)}>
      Edit<span className="wiz-vh"> step {stepIndex(target) + 1}: {STEPS[stepIndex(target)]!.title}</span>
    </button>
  );

  const policyHeadingId = fieldId('policy-heading');
  const cliHeadingId = fieldId('cli-heading');
  const Sub = `h${Math.min(5, headingLevel + 2)}` as Heading;

  const reviewStep = (
    <>
      <section className="wiz-review" aria-labelledby={fieldId('review-config')}>
        <div className="wiz-review-head">
          <Sub id={fieldId('review-config')}>Key configuration</Sub>
          {editButton('configure')}
        </div>
        <dl className="wiz-summary">
          <dt>Key type</dt>
          <dd>Symmetric</dd>
          <dt>Key spec</dt>
          <dd>
            <code>SYMMETRIC_DEFAULT</code>
          </dd>
          <dt>Key usage</dt>
          <dd>Encrypt and decrypt</dd>
          <dt>Origin</dt>
          <dd>{state.origin === 'EXTERNAL' ? 'External (Import key material)' : 'AWS KMS'}</dd>
          <dt>Regionality</dt>
          <dd>Single-Region key</dd>
        </dl>
      </section>
      <section className="wiz-review" aria-labelledby={fieldId('review-labels')}>
        <div className="wiz-review-head">
          <Sub id={fieldId('review-labels')}>Alias and description</Sub>
          {editButton('labels')}
        </div>
        <dl className="wiz-summary">
          <dt>Alias</dt>
          <dd>
            <code>{fullAliasName(state.alias)}</code>
          </dd>
          <dt>Description</dt>
          <dd>{state.description === '' ? <span className="wiz-muted">None</span> : state.description}</dd>
          <dt>Tags</dt>
          <dd>
            {state.tags.length === 0 ? (
              <span className="wiz-muted">None</span>
            ) : (
              state.tags.map((t, i) => (
                <span className="wiz-line" key={i}>
                  <code>{t.key}</code> = <code>{t.value}</code>
                </span>
              ))
            )}
          </dd>
        </dl>
      </section>
      <section className="wiz-review" aria-labelledby={fieldId('review-people')}>
        <div className="wiz-review-head">
          <Sub id={fieldId('review-people')}>Administrators and users</Sub>
          {editButton('admins')}
        </div>
        <dl className="wiz-summary">
          <dt>Key administrators</dt>
          <dd>{arnsOrNone(state.admins)}</dd>
          <dt>Administrators may delete the key</dt>
          <dd>{state.allowDeletion ? 'Yes' : 'No'}</dd>
          <dt>Key users</dt>
          <dd>{arnsOrNone(state.users)}</dd>
        </dl>
      </section>
      <section className="wiz-review" aria-labelledby={policyHeadingId}>
        <Sub id={policyHeadingId}>Key policy</Sub>
        <p className="wiz-hint">What the console writes from your choices and sends with CreateKey.</p>
        {/* Focusable so a keyboard can scroll it; named by its heading. */}
        <pre className="wiz-code" tabIndex={0} aria-labelledby={policyHeadingId} aria-describedby={failureHere?.field === 'policy' ? simErrorId : undefined}>
          <code>{policyText(policyFor(state))}</code>
        </pre>
      </section>
      <section className="wiz-review" aria-labelledby={cliHeadingId}>
        <Sub id={cliHeadingId}>The same with the AWS CLI</Sub>
        <p className="wiz-hint">These commands, pasted into the terminal, make the same key. Aliases are unique in an account, so after Create key they would need another alias.</p>
        <pre className="wiz-code" tabIndex={0} aria-labelledby={cliHeadingId}>
          <code>{cliCommands(state).join('\n')}</code>
        </pre>
      </section>
      {!host && !hostError && <p role="status">Opening the sandbox…</p>}
      {hostError && <p className="wiz-alert">The sandbox could not be opened, so the key cannot be created: {hostError}</p>}
    </>
  );

  const bodies: Record<StepId, ReactNode> = { configure: configureStep, labels: labelsStep, admins: adminsStep, users: usersStep, review: reviewStep };

  if (created) {
    const tryIt = tryCommand(created.alias, state.users, principals);
    return (
      <section className="wiz" aria-labelledby={`${id}-title`}>
        <Title className="wiz-title" id={`${id}-title`}>
          Create key
        </Title>
        <div className="wiz-success">
          <StepHeading ref={headingRef} tabIndex={-1} className="wiz-step-heading">
            Key created
          </StepHeading>
          <p>
            Success. Your AWS KMS key was created with alias <code>{created.alias}</code> and key ID <code className="wiz-arn">{created.keyId}</code>.
          </p>
          <p>The Keys tab under the terminal now lists it. Try it there:</p>
          <pre className="wiz-code wiz-try" tabIndex={0} aria-label="A command to try">
            <code>
              <CommandText command={tryIt} />
            </code>
          </pre>
          <p>
            <button type="button" className="wiz-button wiz-primary" aria-label={`Run in the sandbox: ${tryIt}`} onClick={() => requestRun(tryIt)}>
              <span aria-hidden="true">▶</span> Run
            </button>
          </p>
          <button type="button" className="wiz-button" onClick={startAgain}>
            Create another key
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="wiz" aria-labelledby={`${id}-title`}>
      <Title className="wiz-title" id={`${id}-title`}>
        Create key
      </Title>
      <p className="wiz-intro">The AWS console's steps for a symmetric encryption key. Create key makes it in your sandbox, as the account root.</p>
      <div className="wiz-layout">
        <ol className="wiz-steps" aria-label="Steps">
          {STEPS.map((s, i) => {
            const current = i === index;
            const label = (
              <>
                <span className="wiz-step-n">Step {i + 1}</span> <span className="wiz-step-t">{s.title}</span>
                {failure?.step === s.id && <span className="wiz-step-flag"> (has an error)</span>}
              </>
            );
            return (
              <li key={s.id} className={current ? 'wiz-step wiz-step-current' : i < index ? 'wiz-step wiz-step-done' : 'wiz-step'} aria-current={current ? 'step' : undefined}>
                {i < index ? (
                  <button type="button" className="wiz-step-link" onClick={() => go(s.id)}>
                    {label}
                  </button>
                ) : (
                  <span className="wiz-step-label">{label}</span>
                )}
              </li>
            );
          })}
        </ol>
        <form className="wiz-form" noValidate onSubmit={submit} aria-labelledby={fieldId('step-heading')}>
          <StepHeading ref={headingRef} tabIndex={-1} id={fieldId('step-heading')} className="wiz-step-heading">
            <span className="wiz-muted">
              Step {index + 1} of {STEPS.length}:
            </span>{' '}
            {STEPS[index]!.title}
          </StepHeading>
          {simError}
          {bodies[step]}
          <div className="wiz-actions">
            {index > 0 && (
              <button type="button" className="wiz-button" onClick={() => go(STEPS[index - 1]!.id)}>
                Back
              </button>
            )}
            <button type="submit" className="wiz-button wiz-primary" disabled={!hydrated || (step === 'review' && (busy || !host))}>
              {step === 'review' ? (busy ? 'Creating…' : 'Create key') : 'Next'}
            </button>
          </div>
        </form>
      </div>
    </section>
  );
}
