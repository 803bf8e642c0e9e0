// Messages of the exit workspace, under the `exit` namespace (t('exit.…')): Chinese first, English typed against it.
export const zhCN = {
  title: '',
}

export const en: typeof zhCN = {
  title: '',
}
