import { folderRunName } from './runName';
import { Root } from 'protobufjs/light';
import { Problems, RunBuilder } from './builder';
import { maskedCrc32c } from './crc32c';
import { baseName, pathSegments } from './text';
import type { LogFile, ParsedLog } from './types';

/**
 * The parts of TensorFlow's event.proto, summary.proto and tensor.proto we read (field numbers as in
 * tensorflow/core/{util/event,framework/summary,framework/tensor}.proto). Enums are read as int32,
 * which is the same on the wire.
 */
const SCHEMA = Root.fromJSON({
  nested: {
    Event: {
      fields: {
        wall_time: { type: 'double', id: 1 },
        step: { type: 'int64', id: 2 },
        file_version: { type: 'string', id: 3 },
        summary: { type: 'Summary', id: 5 },
        session_log: { type: 'SessionLog', id: 7 },
      },
    },
    SessionLog: { fields: { status: { type: 'int32', id: 1 } } },
    Summary: { fields: { value: { rule: 'repeated', type: 'Value', id: 1 } } },
    Value: {
      fields: {
        tag: { type: 'string', id: 1 },
        simple_value: { type: 'float', id: 2 },
        // The other value kinds, read as opaque bytes (same wire type): only whether one is present matters.
        obsolete_old_style_histogram: { type: 'bytes', id: 3 },
        image: { type: 'bytes', id: 4 },
        histo: { type: 'bytes', id: 5 },
        audio: { type: 'bytes', id: 6 },
        tensor: { type: 'TensorProto', id: 8 },
        metadata: { type: 'SummaryMetadata', id: 9 },
      },
    },
    SummaryMetadata: { fields: { plugin_data: { type: 'PluginData', id: 1 } } },
    PluginData: { fields: { plugin_name: { type: 'string', id: 1 }, content: { type: 'bytes', id: 2 } } },
    // tensorboard/plugins/hparams/plugin_data.proto: what the `hparams` plugin keeps in `content`.
    HParamsPluginData: { fields: { session_start_info: { type: 'SessionStartInfo', id: 3 } } },
    // Its `map<string, google.protobuf.Value> hparams = 1`, read as the repeated entries a map is on the
    // wire: in the file's order, and no key (`__proto__`) becomes a property of an object.
    SessionStartInfo: { fields: { hparams: { rule: 'repeated', type: 'HParamEntry', id: 1 } } },
    HParamEntry: { fields: { key: { type: 'string', id: 1 }, value: { type: 'HParamValue', id: 2 } } },
    // google.protobuf.Value, without its struct and list kinds (no hyperparameter writer uses them). The
    // oneof keeps a value equal to its default (0, false, "") present: protobufjs drops such values otherwise.
    HParamValue: {
      oneofs: { kind: { oneof: ['number_value', 'string_value', 'bool_value'] } },
      fields: {
        number_value: { type: 'double', id: 2 },
        string_value: { type: 'string', id: 3 },
        bool_value: { type: 'bool', id: 4 },
      },
    },
    TensorProto: {
      fields: {
        dtype: { type: 'int32', id: 1 },
        tensor_shape: { type: 'TensorShapeProto', id: 2 },
        tensor_content: { type: 'bytes', id: 4 },
        float_val: { rule: 'repeated', type: 'float', id: 5 },
        double_val: { rule: 'repeated', type: 'double', id: 6 },
      },
    },
    TensorShapeProto: { fields: { dim: { rule: 'repeated', type: 'Dim', id: 2 } } },
    Dim: { fields: { size: { type: 'int64', id: 1 } } },
  },
});
const EVENT = SCHEMA.lookupType('Event');
const HPARAMS_DATA = SCHEMA.lookupType('HParamsPluginData');

/** protobufjs gives int64 as a Long when the long library is present, else as a number. */
type Int64 = number | { toNumber(): number };

/** The decoded shapes; protobufjs sets only the fields present on the wire (proto3 defaults live on the prototype). */
interface EventMessage {
  wall_time?: number;
  step?: Int64;
  summary?: { value?: ValueMessage[] };
  session_log?: { status?: number };
}
interface ValueMessage {
  tag?: string;
  simple_value?: number;
  tensor?: TensorMessage;
  metadata?: { plugin_data?: { plugin_name?: string; content?: Uint8Array } };
}
interface HParamsMessage {
  session_start_info?: { hparams?: { key?: string; value?: HParamValueMessage }[] };
}
interface HParamValueMessage {
  number_value?: number;
  string_value?: string;
  bool_value?: boolean;
}
interface TensorMessage {
  dtype?: number;
  tensor_shape?: { dim?: { size?: Int64 }[] };
  tensor_content?: Uint8Array;
  float_val?: number[];
  double_val?: number[];
}

const DT_FLOAT = 1;
const DT_DOUBLE = 2;
const SESSION_START = 1;
/** Tags of this plugin (or with no plugin named) hold scalars; histograms, images, text… are not curves. */
const SCALARS_PLUGIN = 'scalars';
/**
 * The hparams plugin's summaries (`_hparams_/experiment`, `…/session_start_info`, `…/session_end_info`)
 * carry their data in the metadata, with no value (PyTorch) or an empty tensor (TensorFlow): never curves.
 */
const HPARAMS_PLUGIN = 'hparams';
/** Run metadata names of the session's hyperparameters: `hparams/<name>` (see core/config.ts). */
const HPARAMS_PREFIX = 'hparams/';
/** Summary.Value kinds that are not scalars. */
const OTHER_KINDS = ['obsolete_old_style_histogram', 'image', 'histo', 'audio'];
/** u64 length + masked CRC of it. */
const HEADER_BYTES = 12;
const FOOTER_BYTES = 4;
const EMPTY = new Uint8Array(0);

const own = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);
const toNumber = (value: Int64 | undefined): number =>
  value === undefined ? 0 : typeof value === 'number' ? value : value.toNumber();

/**
 * The run name of an event file: its folder (`logs/grpo/events.out.tfevents.…` → `grpo`), with the one
 * above when that is generic (`tb_logs_at_…/train/events.out.tfevents.…` → `tb_logs_at_…/train`).
 */
export function tensorBoardRunName(path: string): string {
  const segments = pathSegments(path);
  return segments.length >= 2 ? folderRunName(segments.slice(0, -1).join('/')) : 'tensorboard';
}

/**
 * Incremental reader of the TensorBoard event files of one run (TFRecord framing around `Event`
 * protobufs). Reads scalars: `simple_value`, and TF2 scalar tensors (DT_FLOAT / DT_DOUBLE, one element)
 * of the `scalars` plugin; the tag is the metric name, `step` the step, `wall_time` the time; and the
 * hparams plugin's hyperparameters, as metadata `hparams/<name>`. Corrupt
 * records (bad CRC) are skipped and reading resumes at the next good record; a record cut short at
 * the end of the bytes pushed so far waits for more (the file is being written).
 */
export class TensorBoardEventParser {
  private readonly run: RunBuilder;
  private readonly problems = new Problems();
  /** The plugin of each tag: writers put the metadata only on a tag's first value. */
  private readonly tagPlugins = new Map<string, string>();
  private file = '';
  /**
   * Bytes of the current file not yet read (a record not complete yet) in pending[0, pendingLength),
   * and the file offset of their start. The array grows by doubling: a record that comes in many pushes
   * is copied about twice in all, not once per push.
   */
  private pending: Uint8Array = EMPTY;
  private pendingLength = 0;
  private bufferOffset = 0;
  private records = 0;
  /** Inside a run of corrupt bytes: looking for the next valid record header. */
  private resyncing = false;

  constructor(runName: string) {
    this.run = new RunBuilder(runName);
  }

  /**
   * Starts the next event file of the run (files in name order: the name starts with the time it was
   * created). A record left incomplete at the end of the previous file will never complete: it is skipped.
   */
  startFile(fileName: string): void {
    if (this.pendingLength > 0 && !this.resyncing) {
      this.problems.skip(this.records + 1, `${this.file}: the last record is cut short (${this.pendingLength} bytes)`);
    }
    this.file = fileName;
    this.pending = EMPTY;
    this.pendingLength = 0;
    this.bufferOffset = 0;
    this.records = 0;
    this.resyncing = false;
  }

  /** Reads every complete record the bytes (appended to the current file) finish. */
  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    let data = bytes;
    if (this.pendingLength > 0) {
      this.keep(bytes, 0);
      data = this.pending.subarray(0, this.pendingLength);
    }
    const consumed = this.read(data);
    this.bufferOffset += consumed;
    if (data === bytes) {
      this.pendingLength = 0;
      this.keep(bytes, consumed);
    } else if (consumed > 0) {
      // What is left is less than a record: moved to the front, once.
      this.pending.copyWithin(0, consumed, this.pendingLength);
      this.pendingLength -= consumed;
    }
  }

  /** Appends bytes[from, …) to the pending bytes. */
  private keep(bytes: Uint8Array, from: number): void {
    const length = this.pendingLength + bytes.length - from;
    if (length > this.pending.length) {
      const grown = new Uint8Array(Math.max(length, 2 * this.pending.length));
      grown.set(this.pending.subarray(0, this.pendingLength));
      this.pending = grown;
    }
    this.pending.set(bytes.subarray(from), this.pendingLength);
    this.pendingLength = length;
  }

  /** Bytes of the current file fully read; the rest is an incomplete last record. */
  get bytesConsumed(): number {
    return this.bufferOffset;
  }

  /** The run so far. An incomplete last record is reported as a notice (it may complete with a later push). */
  get result(): ParsedLog {
    const result = this.problems.result([this.run]);
    if (this.pendingLength > 0) {
      result.notices.push(
        this.resyncing
          ? `${this.file}: the last ${this.pendingLength} bytes hold no valid record`
          : `${this.file}: the last record is incomplete (${this.pendingLength} bytes), probably still being written`,
      );
    }
    return result;
  }

  /** Reads the records in `data`; returns how many bytes were used up (the rest waits for more bytes). */
  private read(data: Uint8Array): number {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    let pos = 0;
    while (data.length - pos >= HEADER_BYTES) {
      const headerOk = maskedCrc32c(data, pos, pos + 8) === view.getUint32(pos + 8, true);
      if (!headerOk) {
        // The length cannot be trusted: look for the next offset where a valid header starts.
        if (!this.resyncing) {
          this.resyncing = true;
          this.records++;
          this.problems.skip(
            this.records,
            `${this.file}: record ${this.records} at byte ${this.bufferOffset + pos} has a corrupt length (CRC mismatch); skipped to the next valid record`,
          );
        }
        pos++;
        continue;
      }
      this.resyncing = false;
      const length = view.getUint32(pos, true) + view.getUint32(pos + 4, true) * 2 ** 32;
      const end = pos + HEADER_BYTES + length + FOOTER_BYTES;
      if (end > data.length) break;
      this.records++;
      const payloadStart = pos + HEADER_BYTES;
      const payloadEnd = payloadStart + length;
      if (maskedCrc32c(data, payloadStart, payloadEnd) !== view.getUint32(payloadEnd, true)) {
        this.problems.skip(
          this.records,
          `${this.file}: record ${this.records} at byte ${this.bufferOffset + pos} is corrupt (data CRC mismatch)`,
        );
      } else {
        this.readEvent(data.subarray(payloadStart, payloadEnd), pos);
      }
      pos = end;
    }
    return pos;
  }

  private readEvent(payload: Uint8Array, pos: number): void {
    let event: EventMessage;
    try {
      event = EVENT.decode(payload) as unknown as EventMessage;
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      this.problems.skip(
        this.records,
        `${this.file}: record ${this.records} at byte ${this.bufferOffset + pos} is not an Event (${why})`,
      );
      return;
    }
    const step = toNumber(event.step);
    if (event.session_log?.status === SESSION_START) {
      // A restarted writer: like TensorBoard, drop what was logged from this step on.
      const dropped = this.run.truncateFrom(step);
      if (dropped > 0)
        this.problems.notice(
          `run ${this.run.name}: restarted at step ${step} (${this.file}); ${dropped} points from step ${step} on were replaced`,
        );
      return;
    }
    let logged = false;
    for (const value of event.summary?.value ?? []) {
      const tag = value.tag ?? '';
      const plugin = value.metadata?.plugin_data?.plugin_name;
      if (plugin !== undefined && !this.tagPlugins.has(tag)) this.tagPlugins.set(tag, plugin);
      if ((plugin ?? this.tagPlugins.get(tag)) === HPARAMS_PLUGIN) {
        this.readHparams(value.metadata?.plugin_data?.content, pos);
        continue;
      }
      let scalar: number | undefined;
      if (own(value, 'simple_value')) scalar = value.simple_value;
      else if (value.tensor)
        scalar =
          (this.tagPlugins.get(tag) ?? SCALARS_PLUGIN) === SCALARS_PLUGIN ? tensorScalar(value.tensor) : undefined;
      // No value of any kind: a writer that leaves out proto3 defaults wrote a simple_value of 0.
      else if (!OTHER_KINDS.some((kind) => own(value, kind))) scalar = 0;
      if (scalar === undefined || tag === '') continue;
      const dropped = this.run.point(tag, step, scalar);
      if (dropped > 0)
        this.problems.notice(
          `${tag}: step went back to ${step} (${this.file}, record ${this.records}); ${dropped} later points were replaced`,
        );
      logged = true;
    }
    if (logged && own(event, 'wall_time')) this.run.time(step, event.wall_time!);
  }

  /**
   * Keeps the hyperparameters of an hparams plugin's session start info (what `hp.hparams()` in
   * TensorFlow and `add_hparams()` in PyTorch write) as metadata `hparams/<name>`: numbers, strings and
   * booleans as they are; a later session's value wins. Other hparams summaries hold none.
   */
  private readHparams(content: Uint8Array | undefined, pos: number): void {
    // An unset bytes field reads as protobufjs's shared empty default, which is not a Uint8Array.
    if (!(content instanceof Uint8Array) || content.length === 0) return;
    let data: HParamsMessage;
    try {
      data = HPARAMS_DATA.decode(content) as unknown as HParamsMessage;
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      this.problems.notice(
        `${this.file}: record ${this.records} at byte ${this.bufferOffset + pos} has unreadable hparams (${why})`,
      );
      return;
    }
    for (const { key, value } of data.session_start_info?.hparams ?? []) {
      if (!key || !value) continue;
      const kept = own(value, 'number_value')
        ? value.number_value
        : own(value, 'string_value')
          ? value.string_value
          : own(value, 'bool_value')
            ? value.bool_value
            : undefined;
      if (kept !== undefined) this.run.metadata.set(HPARAMS_PREFIX + key, kept);
    }
  }
}

/** The value of a one-element float or double tensor; undefined for anything else (vectors, strings, …). */
function tensorScalar(tensor: TensorMessage): number | undefined {
  const elements = (tensor.tensor_shape?.dim ?? []).reduce((n, d) => n * toNumber(d.size), 1);
  if (elements !== 1) return undefined;
  // Unset bytes fields read as protobufjs's shared empty default, which is not a Uint8Array.
  const content = own(tensor, 'tensor_content') ? tensor.tensor_content : undefined;
  const view = content ? new DataView(content.buffer, content.byteOffset, content.byteLength) : undefined;
  if (tensor.dtype === DT_FLOAT) {
    if (tensor.float_val?.length === 1) return tensor.float_val[0];
    if (view?.byteLength === 4) return view.getFloat32(0, true);
  } else if (tensor.dtype === DT_DOUBLE) {
    if (tensor.double_val?.length === 1) return tensor.double_val[0];
    if (view?.byteLength === 8) return view.getFloat64(0, true);
  }
  return undefined;
}

/** Reads all event files of one run folder, in name order (which is creation order). */
export function parseTensorBoardRun(files: readonly LogFile[], runName: string): ParsedLog {
  const parser = new TensorBoardEventParser(runName);
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    parser.startFile(baseName(file.path));
    parser.push(file.bytes);
  }
  return parser.result;
}
