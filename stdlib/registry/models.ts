// Model providers (what a `model` declaration accepts) and model tasks (what a call takes and returns).
import type { ParamSpec, ProviderEntry, TaskEntry } from './schema.ts';

type Provider = Omit<ProviderEntry, 'kind' | 'paths'> & { paths?: string[] };
const provider = (entry: Provider): ProviderEntry => ({ kind: 'provider', paths: [], ...entry });
type Task = Omit<TaskEntry, 'kind' | 'structured'> & { structured?: boolean };
const task = (entry: Task): TaskEntry => ({ kind: 'task', structured: false, ...entry });

const enumOf = (members: readonly string[]) => `enum(${members.map((m) => JSON.stringify(m)).join(', ')})`;

const hfTasks = [
  'chat_completion', 'text_generation', 'image_to_text', 'object_detection',
  'zero_shot_object_detection', 'image_segmentation', 'speech_recognition', 'audio_classification',
];
const onnxTasks = ['voice_activity', 'text_detection', 'box_segmentation', 'object_detection', 'image_classification', 'generic'];

export const providerEntries: ProviderEntry[] = [
  provider({
    name: 'hf',
    doc: 'A remote model through @huggingface/inference: Inference Providers, or any endpoint URL (TGI, vLLM).',
    tasks: hfTasks,
    identity: ['id', 'task', 'provider', 'endpoint', 'temperature', 'max_tokens'],
    params: [
      { name: 'id', type: 'string', doc: 'the model id on the Hub, e.g. `Qwen/Qwen2.5-VL-7B-Instruct`' },
      { name: 'task', type: enumOf(hfTasks), doc: 'what the model does' },
      { name: 'provider', type: 'string?', default: null, doc: 'the Inference Provider to route to, e.g. `together`; automatic when absent' },
      { name: 'endpoint', type: 'string?', default: null, doc: 'URL of a TGI, vLLM or compatible server, used instead of Inference Providers' },
      { name: 'token', type: 'string?', default: null, doc: 'an access token, only as `env("NAME")`' },
      { name: 'concurrency', type: 'int', default: 4, doc: 'calls in flight at once' },
      { name: 'rpm', type: 'int?', default: null, doc: 'most requests per minute; unlimited when absent' },
      { name: 'timeout', type: 'seconds', default: 60, doc: 'per call' },
      { name: 'retries', type: 'int', default: 3, doc: 'further attempts after a failed call, with backoff, honouring Retry-After' },
      { name: 'cache', type: 'bool', default: true, doc: 'reuse results of identical earlier calls' },
      { name: 'temperature', type: 'float', default: 0, doc: 'sampling temperature; 0 is greedy' },
      { name: 'max_tokens', type: 'int', default: 1024, doc: 'most tokens generated per call' },
    ],
    example: 'model describer = hf { id: "Qwen/Qwen2.5-VL-7B-Instruct" task: chat_completion provider: "together" token: env("HF_TOKEN") rpm: 60 }',
  }),
  provider({
    name: 'onnx',
    doc: 'A local model file run through onnxruntime-node, with built-in pre- and post-processing.',
    tasks: onnxTasks,
    paths: ['path'],
    identity: ['path', 'task', 'inputs', 'outputs', 'preprocess', 'postprocess', 'input_size', 'threshold'],
    params: [
      { name: 'path', type: 'string', doc: 'the `.onnx` file, relative to the recipe' },
      { name: 'task', type: enumOf(onnxTasks), doc: 'what the model does' },
      { name: 'inputs', type: 'list<string>?', default: null, doc: 'input tensor names; the model\'s own when absent' },
      { name: 'outputs', type: 'list<string>?', default: null, doc: 'output tensor names; the model\'s own when absent' },
      {
        name: 'preprocess',
        type: 'enum("none", "image_rgb_norm", "image_bgr_imagenet", "audio_16k")?',
        default: null,
        doc: 'how media become the input tensor; the task\'s usual one when absent',
      },
      {
        name: 'postprocess',
        type: 'enum("none", "softmax", "sigmoid", "boxes_xyxy", "mask_threshold")?',
        default: null,
        doc: 'how the output tensor becomes the task\'s value; the task\'s usual one when absent',
      },
      { name: 'input_size', type: 'list<int>?', default: null, doc: 'shape media are resized to, e.g. `[640, 640]`; the model\'s own when absent' },
      { name: 'threshold', type: 'float', default: 0.5, doc: 'score below which detections, classes and mask pixels are dropped' },
      { name: 'concurrency', type: 'int', default: 1, doc: 'inferences in flight at once' },
      { name: 'cache', type: 'bool', default: true, doc: 'reuse results of identical earlier calls' },
    ],
    example: 'model vad = onnx { path: "models/silero_vad.onnx" task: voice_activity }',
  }),
];

const DETECTION = 'list<{label: string, score: float, box: box<px>}>';
const LABEL_SCORES = 'list<{label: string, score: float}>';
/** Rejection sampling of reasoning drafts: a reply is kept only if the stage's verifier accepts it against `truth`. */
const drafting: ParamSpec[] = [
  { name: 'truth', type: 'any?', default: null, doc: 'the known answer: each reply is scored by the stage\'s verifier against it, and the call gives the first reply that passes, or none (`string?`)' },
  { name: 'attempts', type: 'int', default: 1, doc: 'replies tried with `truth` before giving none (each attempt is a separate, cached call)' },
];

const threshold: ParamSpec = { name: 'threshold', type: 'float?', default: null, doc: 'minimum score kept; the model\'s default when absent' };

export const taskEntries: TaskEntry[] = [
  task({
    name: 'chat_completion',
    doc: 'A chat model\'s reply; with a declared output type the reply is parsed as JSON of that type, and a reply that does not parse rejects the record.',
    structured: true,
    params: [
      { name: 'prompt', type: 'string', doc: 'the user message' },
      { name: 'system', type: 'string?', default: null, doc: 'the system message' },
      { name: 'media', type: 'list<image | video>?', default: null, doc: 'images or videos attached to the user message' },
      ...drafting,
    ],
    returns: 'string',
    example: 'let q: Question = writer(prompt: template("Write a question about: {caption}"))',
  }),
  task({
    name: 'text_generation',
    doc: 'A continuation of a prompt by a text model.',
    params: [{ name: 'prompt', type: 'string', doc: 'the text to continue' }, ...drafting],
    returns: 'string',
    example: 'let draft = generator(prompt: template("Question: {question}\\nAnswer:"))',
  }),
  task({
    name: 'image_to_text',
    doc: 'A caption for an image.',
    params: [{ name: 'image', type: 'image', doc: 'the image to describe' }],
    returns: 'string',
    example: 'let caption = captioner(image: media)',
  }),
  task({
    name: 'object_detection',
    doc: 'Labelled, scored pixel boxes of the objects a detector knows.',
    params: [{ name: 'image', type: 'image', doc: 'the image to search' }, threshold],
    returns: DETECTION,
    example: 'let objects = detector(image: media)',
  }),
  task({
    name: 'zero_shot_object_detection',
    doc: 'Scored pixel boxes for each of the given labels (open-vocabulary detection).',
    params: [
      { name: 'image', type: 'image', doc: 'the image to search' },
      { name: 'labels', type: 'list<string>', doc: 'the phrases to find, e.g. noun phrases of a caption' },
      threshold,
    ],
    returns: DETECTION,
    example: 'let boxes = grounder(image: media, labels: phrases)',
  }),
  task({
    name: 'image_segmentation',
    doc: 'Labelled, scored masks of the segments a model finds in an image.',
    params: [{ name: 'image', type: 'image', doc: 'the image to segment' }, threshold],
    returns: 'list<{label: string, score: float, mask: mask}>',
    example: 'let segments = segmenter(image: media)',
  }),
  task({
    name: 'box_segmentation',
    doc: 'The mask of the object inside a box prompt (SAM-style).',
    params: [
      { name: 'image', type: 'image', doc: 'the image' },
      { name: 'box', type: 'box<px>', doc: 'the box around the object' },
    ],
    returns: 'mask',
    example: 'let mask = sam(image: media, box: detection.box)',
  }),
  task({
    name: 'speech_recognition',
    doc: 'A transcript of the speech in an audio clip.',
    params: [{ name: 'audio', type: 'audio', doc: 'the clip' }],
    returns: 'string',
    example: 'let transcript = asr(audio: media)',
  }),
  task({
    name: 'audio_classification',
    doc: 'Scored labels for the sounds in an audio clip, highest first.',
    params: [{ name: 'audio', type: 'audio', doc: 'the clip' }],
    returns: LABEL_SCORES,
    example: 'let tags = tagger(audio: media)',
  }),
  task({
    name: 'voice_activity',
    doc: 'The spans of an audio clip that contain speech, each labelled "speech".',
    params: [{ name: 'audio', type: 'audio', doc: 'the clip' }],
    returns: 'list<{label: string, span: segment<s>}>',
    example: 'let speech = vad(audio: media)',
  }),
  task({
    name: 'text_detection',
    doc: 'Scored pixel boxes around the text in an image.',
    params: [{ name: 'image', type: 'image', doc: 'the image' }],
    returns: 'list<{box: box<px>, score: float}>',
    example: 'let text_boxes = ocr_boxes(image: media)',
  }),
  task({
    name: 'image_classification',
    doc: 'Scored labels for an image, highest first.',
    params: [{ name: 'image', type: 'image', doc: 'the image' }],
    returns: LABEL_SCORES,
    example: 'let classes = classifier(image: media)',
  }),
  task({
    name: 'generic',
    doc: 'Raw tensors in and out of an ONNX model; the call declares its output type.',
    structured: true,
    params: [{ name: 'input', type: 'any', doc: 'the value fed to the model\'s input' }],
    returns: 'any',
    example: 'let embedding: list<float> = encoder(input: media)',
  }),
];
