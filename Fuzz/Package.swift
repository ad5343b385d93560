// swift-tools-version:6.0
// libFuzzer targets over Porpoise's parser + interpreter and its wire decoder. Built apart from
// the main package (every module instrumented with -sanitize=fuzzer) by Scripts/fuzz.sh.
import PackageDescription

let package = Package(
  name: "porpoise-fuzz",
  dependencies: [.package(name: "porpoise", path: "..")],
  targets: [
    // libFuzzer's driver, shared by the targets.
    .target(name: "FuzzDriver"),
    .executableTarget(
      name: "FuzzScript", dependencies: ["FuzzDriver", .product(name: "PorpoiseScripting", package: "porpoise")],
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    .executableTarget(
      name: "FuzzWire", dependencies: ["FuzzDriver", .product(name: "PorpoiseScripting", package: "porpoise")],
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
  ]
)
