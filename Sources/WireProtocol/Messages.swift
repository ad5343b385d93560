import ScriptRuntime

/// The protocol's version; a hello with another version is refused with a message saying so.
public let wireProtocolVersion: UInt32 = 1

/// The largest message either side accepts (a table of a few hundred million cells).
public let maxMessageBytes = 1 << 30

/// How a script sent to a node should run.
public struct RunOptions: Sendable, Equatable {
  /// Print each statement's value, as the shell does.
  public var printResults: Bool
  /// Echo each statement with the shell's prompts.
  public var echo: Bool
  /// Send back the value of the last statement (`remoteRun`).
  public var returnValue: Bool

  public init(printResults: Bool = true, echo: Bool = false, returnValue: Bool = false) {
    self.printResults = printResults
    self.echo = echo
    self.returnValue = returnValue
  }

  var bits: UInt8 { (printResults ? 1 : 0) | (echo ? 2 : 0) | (returnValue ? 4 : 0) }
  init(bits: UInt8) { self.init(printResults: bits & 1 != 0, echo: bits & 2 != 0, returnValue: bits & 4 != 0) }
}

/// What a client asks of a node.
public enum Request {
  /// The first message: which protocol the client speaks.
  case hello(version: UInt32, client: String)
  /// Runs script text in the connection's session.
  case run(name: String, text: String, options: RunOptions)
  /// Calls a function with arguments: a name the node knows, or (with `source`) a function
  /// definition sent along (`rpc` of a function defined in the caller's session).
  case call(function: String, source: String, arguments: [Value])
  /// A shell dot-command run in the node's session (`.vars`, `.clear`, ...).
  case dotCommand(String)
  /// Stop the request that is running (the client's Ctrl-C); answered by that request's `done`.
  case interrupt
}

/// How a request ended.
public enum Outcome: UInt8, Sendable {
  case ok = 0, syntaxError = 1, runtimeError = 2, refused = 3
}

/// What a node answers: any number of output pieces, then `done`.
public enum Reply {
  /// The node's answer to `hello`: who it is.
  case welcome(version: UInt32, alias: String, mode: String, server: String)
  /// Text for standard output (results, `print`).
  case output(String)
  /// Text for standard error (diagnostics).
  case errorOutput(String)
  /// The end of a request, with the value asked for (`call`, `run` with `returnValue`).
  case done(Outcome, Value?)
}

/// The first byte of a request.
public enum MessageKind: UInt8 {
  case hello = 1, run = 2, call = 3, dot = 4, interrupt = 5
  case welcome = 0x10, output = 0x11, errorOutput = 0x12, done = 0x13
}

extension Request {
  /// The message body (without the length prefix).
  public func encode() throws(WireError) -> [UInt8] {
    var w: ByteWriter
    if case .call(_, let source, let arguments) = self {
      // Arguments may be large (a segment sent to a replica): one buffer of the right size.
      w = ByteWriter(capacity: 64 + source.utf8.count + arguments.reduce(0) { $0 + ValueCodec.estimatedSize($1) })
    } else {
      w = ByteWriter()
    }
    switch self {
    case .hello(let version, let client):
      w.u8(MessageKind.hello.rawValue)
      w.u32(version)
      w.string(client)
    case .run(let name, let text, let options):
      w.u8(MessageKind.run.rawValue)
      w.u8(options.bits)
      w.string(name)
      w.string(text)
    case .call(let function, let source, let arguments):
      w.u8(MessageKind.call.rawValue)
      w.string(function)
      w.string(source)
      w.u32(UInt32(arguments.count))
      for a in arguments { try ValueCodec.encode(a, into: &w) }
    case .dotCommand(let line):
      w.u8(MessageKind.dot.rawValue)
      w.string(line)
    case .interrupt:
      w.u8(MessageKind.interrupt.rawValue)
    }
    return w.bytes
  }

  public static func decode(_ bytes: [UInt8]) throws(WireError) -> Request {
    var r = ByteReader(bytes)
    let kind = try r.u8("a message kind")
    switch MessageKind(rawValue: kind) {
    case .hello:
      let version = try r.u32("a protocol version")
      return .hello(version: version, client: try r.string())
    case .run:
      let options = RunOptions(bits: try r.u8())
      let name = try r.string("a script name")
      return .run(name: name, text: try r.string("a script"), options: options)
    case .call:
      let function = try r.string("a function name")
      let source = try r.string("a function definition")
      let n = try r.u32("an argument count")
      var arguments: [Value] = []
      for _ in 0..<n { arguments.append(try ValueCodec.decode(from: &r)) }
      return .call(function: function, source: source, arguments: arguments)
    case .dot:
      return .dotCommand(try r.string())
    case .interrupt:
      return .interrupt
    default:
      throw WireError("unknown request kind \(kind)")
    }
  }
}

extension Reply {
  public func encode() throws(WireError) -> [UInt8] {
    var w: ByteWriter
    if case .done(_, let value?) = self {
      // A result may be large (chunks read for a query): one buffer of the right size.
      w = ByteWriter(capacity: 64 + ValueCodec.estimatedSize(value))
    } else {
      w = ByteWriter()
    }
    switch self {
    case .welcome(let version, let alias, let mode, let server):
      w.u8(MessageKind.welcome.rawValue)
      w.u32(version)
      w.string(alias)
      w.string(mode)
      w.string(server)
    case .output(let s):
      w.u8(MessageKind.output.rawValue)
      w.string(s)
    case .errorOutput(let s):
      w.u8(MessageKind.errorOutput.rawValue)
      w.string(s)
    case .done(let outcome, let value):
      w.u8(MessageKind.done.rawValue)
      w.u8(outcome.rawValue)
      if let value {
        w.u8(1)
        try ValueCodec.encode(value, into: &w)
      } else {
        w.u8(0)
      }
    }
    return w.bytes
  }

  public static func decode(_ bytes: [UInt8]) throws(WireError) -> Reply {
    var r = ByteReader(bytes)
    let kind = try r.u8("a message kind")
    switch MessageKind(rawValue: kind) {
    case .welcome:
      let version = try r.u32("a protocol version")
      let alias = try r.string("an alias")
      let mode = try r.string("a mode")
      return .welcome(version: version, alias: alias, mode: mode, server: try r.string("a server version"))
    case .output: return .output(try r.string())
    case .errorOutput: return .errorOutput(try r.string())
    case .done:
      let raw = try r.u8("an outcome")
      guard let outcome = Outcome(rawValue: raw) else { throw WireError("unknown outcome \(raw)") }
      let hasValue = try r.u8("a value flag") != 0
      return .done(outcome, hasValue ? try ValueCodec.decode(from: &r) : nil)
    default:
      throw WireError("unknown reply kind \(kind)")
    }
  }
}
