module keel

go 1.26.8
