/** The command ids package.json contributes, for registering and invoking them (a unit test keeps the two in step). */
export const COMMANDS = {
  compareRuns: 'trainingCurves.compareRuns',
  openAsText: 'trainingCurves.openAsText',
  openChart: 'trainingCurves.openChart',
  compareSelection: 'trainingCurves.compareSelection',
  openLog: 'trainingCurves.openLog',
  revealLog: 'trainingCurves.revealLog',
  openSample: 'trainingCurves.openSample',
  showFormat: 'trainingCurves.showFormat',
  openFolderOfRuns: 'trainingCurves.openFolderOfRuns',
  openInTrainingCurves: 'trainingCurves.openInTrainingCurves',
  compareMethods: 'trainingCurves.compareMethods',
  exportSvg: 'trainingCurves.exportSvg',
  exportReport: 'trainingCurves.exportReport',
} as const;
