package output

// Write replaces dir with files, as a build without reuse does.
func Write(dir string, files []File) error {
	st, err := Begin(dir)
	if err != nil {
		return err
	}
	if err := st.WriteAll(files); err != nil {
		st.Abort()
		return err
	}
	return st.Commit()
}
