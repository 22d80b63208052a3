/** Readers for the log formats besides JSON lines (docs/format.md): each gives the core's runs-of-columns model. */
export type { LogFile, LogFormat, ParsedLog } from './types';
export { detectFormat, logName } from './detect';
export { parseTrainerState, trainerStateRunName } from './trainer-state';
export {
  groupMlflowRuns,
  isDeletedRun,
  isMlflowRunFile,
  isMlflowRunFolder,
  mlflowRunName,
  parseMlflowRun,
  type MlflowRunFolder,
} from './mlflow';
export { TensorBoardEventParser, parseTensorBoardRun, tensorBoardRunName } from './tensorboard';
export { parseCsv } from './csv';
export { checkpointStep, parseLmEvalResults } from './lm-eval';
export { discoverRuns, type RunLocation } from './discover';
export { distinctLabels, fileRunName, folderRunName, logLocation } from './runName';
