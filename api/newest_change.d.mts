export function newestChange(path: string, accept?: (file: string) => boolean): number
