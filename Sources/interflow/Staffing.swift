import ArgumentParser

struct Staffing: ParsableCommand {}
