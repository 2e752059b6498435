/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $Number = $util.global.Number, $isFinite = $util.global.isFinite, $String = $util.global.String, $Array = $util.global.Array, $Boolean = $util.global.Boolean;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const game = $root.game = (() => {

    /**
     * Namespace game.
     * @exports game
     * @namespace
     */
    const game = {};

    game.Vec3 = (function() {

        /**
         * Properties of a Vec3.
         * @typedef {Object} game.Vec3.$Properties
         * @property {number|null} [x] Vec3 x
         * @property {number|null} [y] Vec3 y
         * @property {number|null} [z] Vec3 z
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Vec3.
         * @memberof game
         * @interface IVec3
         * @augments game.Vec3.$Properties
         * @deprecated Use game.Vec3.$Properties instead.
         */

        /**
         * Shape of a Vec3.
         * @typedef {game.Vec3.$Properties} game.Vec3.$Shape
         */

        /**
         * Constructs a new Vec3.
         * @memberof game
         * @classdesc Represents a Vec3.
         * @constructor
         * @param {game.Vec3.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Vec3 = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Vec3 x.
         * @member {number} x
         * @memberof game.Vec3
         * @instance
         */
        Vec3.prototype.x = 0;

        /**
         * Vec3 y.
         * @member {number} y
         * @memberof game.Vec3
         * @instance
         */
        Vec3.prototype.y = 0;

        /**
         * Vec3 z.
         * @member {number} z
         * @memberof game.Vec3
         * @instance
         */
        Vec3.prototype.z = 0;

        /**
         * Creates a new Vec3 instance using the specified properties.
         * @function create
         * @memberof game.Vec3
         * @static
         * @param {game.Vec3.$Properties=} [properties] Properties to set
         * @returns {game.Vec3} Vec3 instance
         * @type {{
         *   (properties: game.Vec3.$Shape): game.Vec3 & game.Vec3.$Shape;
         *   (properties?: game.Vec3.$Properties): game.Vec3;
         * }}
         */
        Vec3.create = function(properties) {
            return new Vec3(properties);
        };

        /**
         * Encodes the specified Vec3 message. Does not implicitly {@link game.Vec3.verify|verify} messages.
         * @function encode
         * @memberof game.Vec3
         * @static
         * @param {game.Vec3.$Properties} message Vec3 message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Vec3.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.x != null && $Object.hasOwnProperty.call(message, "x") && !$Object.is(message.x, 0))
                writer.uint32(/* id 1, wireType 5 =*/13).float(message.x);
            if (message.y != null && $Object.hasOwnProperty.call(message, "y") && !$Object.is(message.y, 0))
                writer.uint32(/* id 2, wireType 5 =*/21).float(message.y);
            if (message.z != null && $Object.hasOwnProperty.call(message, "z") && !$Object.is(message.z, 0))
                writer.uint32(/* id 3, wireType 5 =*/29).float(message.z);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified Vec3 message, length delimited. Does not implicitly {@link game.Vec3.verify|verify} messages.
         * @function encodeDelimited
         * @memberof game.Vec3
         * @static
         * @param {game.Vec3.$Properties} message Vec3 message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Vec3.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes a Vec3 message from the specified reader or buffer.
         * @function decode
         * @memberof game.Vec3
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {game.Vec3 & game.Vec3.$Shape} Vec3
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Vec3.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.game.Vec3();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 5)
                            break;
                        if (!$Object.is(value = reader.float(), 0))
                            message.x = value;
                        else
                            delete message.x;
                        continue;
                    }
                case 2: {
                        if (wireType !== 5)
                            break;
                        if (!$Object.is(value = reader.float(), 0))
                            message.y = value;
                        else
                            delete message.y;
                        continue;
                    }
                case 3: {
                        if (wireType !== 5)
                            break;
                        if (!$Object.is(value = reader.float(), 0))
                            message.z = value;
                        else
                            delete message.z;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes a Vec3 message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof game.Vec3
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {game.Vec3 & game.Vec3.$Shape} Vec3
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Vec3.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Verifies a Vec3 message.
         * @function verify
         * @memberof game.Vec3
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        Vec3.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.x != null && $Object.hasOwnProperty.call(message, "x"))
                if (typeof message.x !== "number")
                    return "x: number expected";
            if (message.y != null && $Object.hasOwnProperty.call(message, "y"))
                if (typeof message.y !== "number")
                    return "y: number expected";
            if (message.z != null && $Object.hasOwnProperty.call(message, "z"))
                if (typeof message.z !== "number")
                    return "z: number expected";
            return null;
        };

        /**
         * Creates a Vec3 message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof game.Vec3
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {game.Vec3} Vec3
         */
        Vec3.fromObject = function (object, _depth) {
            if (object instanceof $root.game.Vec3)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".game.Vec3: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.game.Vec3();
            if (object.x != null)
                if (!$Object.is($Number(object.x), 0))
                    message.x = $Number(object.x);
            if (object.y != null)
                if (!$Object.is($Number(object.y), 0))
                    message.y = $Number(object.y);
            if (object.z != null)
                if (!$Object.is($Number(object.z), 0))
                    message.z = $Number(object.z);
            return message;
        };

        /**
         * Creates a plain object from a Vec3 message. Also converts values to other types if specified.
         * @function toObject
         * @memberof game.Vec3
         * @static
         * @param {game.Vec3} message Vec3
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Vec3.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.x = 0;
                object.y = 0;
                object.z = 0;
            }
            if (message.x != null && $Object.hasOwnProperty.call(message, "x"))
                object.x = options.json && !$isFinite(message.x) ? $String(message.x) : message.x;
            if (message.y != null && $Object.hasOwnProperty.call(message, "y"))
                object.y = options.json && !$isFinite(message.y) ? $String(message.y) : message.y;
            if (message.z != null && $Object.hasOwnProperty.call(message, "z"))
                object.z = options.json && !$isFinite(message.z) ? $String(message.z) : message.z;
            return object;
        };

        /**
         * Converts this Vec3 to JSON.
         * @function toJSON
         * @memberof game.Vec3
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Vec3.prototype.toJSON = function() {
            return Vec3.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for Vec3
         * @function getTypeUrl
         * @memberof game.Vec3
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Vec3.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/game.Vec3";
        };

        return Vec3;
    })();

    game.Item = (function() {

        /**
         * Properties of an Item.
         * @typedef {Object} game.Item.$Properties
         * @property {number|null} [id] Item id
         * @property {number|null} [count] Item count
         * @property {string|null} [name] Item name
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an Item.
         * @memberof game
         * @interface IItem
         * @augments game.Item.$Properties
         * @deprecated Use game.Item.$Properties instead.
         */

        /**
         * Shape of an Item.
         * @typedef {game.Item.$Properties} game.Item.$Shape
         */

        /**
         * Constructs a new Item.
         * @memberof game
         * @classdesc Represents an Item.
         * @constructor
         * @param {game.Item.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Item = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Item id.
         * @member {number} id
         * @memberof game.Item
         * @instance
         */
        Item.prototype.id = 0;

        /**
         * Item count.
         * @member {number} count
         * @memberof game.Item
         * @instance
         */
        Item.prototype.count = 0;

        /**
         * Item name.
         * @member {string} name
         * @memberof game.Item
         * @instance
         */
        Item.prototype.name = "";

        /**
         * Creates a new Item instance using the specified properties.
         * @function create
         * @memberof game.Item
         * @static
         * @param {game.Item.$Properties=} [properties] Properties to set
         * @returns {game.Item} Item instance
         * @type {{
         *   (properties: game.Item.$Shape): game.Item & game.Item.$Shape;
         *   (properties?: game.Item.$Properties): game.Item;
         * }}
         */
        Item.create = function(properties) {
            return new Item(properties);
        };

        /**
         * Encodes the specified Item message. Does not implicitly {@link game.Item.verify|verify} messages.
         * @function encode
         * @memberof game.Item
         * @static
         * @param {game.Item.$Properties} message Item message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Item.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.id != null && $Object.hasOwnProperty.call(message, "id") && message.id !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.id);
            if (message.count != null && $Object.hasOwnProperty.call(message, "count") && message.count !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.count);
            if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.name);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified Item message, length delimited. Does not implicitly {@link game.Item.verify|verify} messages.
         * @function encodeDelimited
         * @memberof game.Item
         * @static
         * @param {game.Item.$Properties} message Item message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Item.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes an Item message from the specified reader or buffer.
         * @function decode
         * @memberof game.Item
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {game.Item & game.Item.$Shape} Item
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Item.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.game.Item();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.id = value;
                        else
                            delete message.id;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.count = value;
                        else
                            delete message.count;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.name = value;
                        else
                            delete message.name;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes an Item message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof game.Item
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {game.Item & game.Item.$Shape} Item
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Item.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Verifies an Item message.
         * @function verify
         * @memberof game.Item
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        Item.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.id != null && $Object.hasOwnProperty.call(message, "id"))
                if (!$util.isInteger(message.id))
                    return "id: integer expected";
            if (message.count != null && $Object.hasOwnProperty.call(message, "count"))
                if (!$util.isInteger(message.count))
                    return "count: integer expected";
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                if (!$util.isString(message.name))
                    return "name: string expected";
            return null;
        };

        /**
         * Creates an Item message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof game.Item
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {game.Item} Item
         */
        Item.fromObject = function (object, _depth) {
            if (object instanceof $root.game.Item)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".game.Item: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.game.Item();
            if (object.id != null)
                if ($Number(object.id) !== 0)
                    message.id = object.id | 0;
            if (object.count != null)
                if ($Number(object.count) !== 0)
                    message.count = object.count | 0;
            if (object.name != null)
                if (typeof object.name !== "string" || object.name.length)
                    message.name = $String(object.name);
            return message;
        };

        /**
         * Creates a plain object from an Item message. Also converts values to other types if specified.
         * @function toObject
         * @memberof game.Item
         * @static
         * @param {game.Item} message Item
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Item.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.id = 0;
                object.count = 0;
                object.name = "";
            }
            if (message.id != null && $Object.hasOwnProperty.call(message, "id"))
                object.id = message.id;
            if (message.count != null && $Object.hasOwnProperty.call(message, "count"))
                object.count = message.count;
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                object.name = message.name;
            return object;
        };

        /**
         * Converts this Item to JSON.
         * @function toJSON
         * @memberof game.Item
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Item.prototype.toJSON = function() {
            return Item.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for Item
         * @function getTypeUrl
         * @memberof game.Item
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Item.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/game.Item";
        };

        return Item;
    })();

    game.PlayerUpdate = (function() {

        /**
         * Properties of a PlayerUpdate.
         * @typedef {Object} game.PlayerUpdate.$Properties
         * @property {number|null} [id] PlayerUpdate id
         * @property {number|null} [level] PlayerUpdate level
         * @property {number|null} [gold] PlayerUpdate gold
         * @property {string|null} [name] PlayerUpdate name
         * @property {number|null} [speed] PlayerUpdate speed
         * @property {boolean|null} [online] PlayerUpdate online
         * @property {Array.<string>|null} [tags] PlayerUpdate tags
         * @property {game.Vec3.$Properties|null} [pos] PlayerUpdate pos
         * @property {Array.<game.Item.$Properties>|null} [items] PlayerUpdate items
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a PlayerUpdate.
         * @memberof game
         * @interface IPlayerUpdate
         * @augments game.PlayerUpdate.$Properties
         * @deprecated Use game.PlayerUpdate.$Properties instead.
         */

        /**
         * Shape of a PlayerUpdate.
         * @typedef {game.PlayerUpdate.$Properties} game.PlayerUpdate.$Shape
         */

        /**
         * Constructs a new PlayerUpdate.
         * @memberof game
         * @classdesc Represents a PlayerUpdate.
         * @constructor
         * @param {game.PlayerUpdate.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const PlayerUpdate = function (properties) {
            this.tags = [];
            this.items = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * PlayerUpdate id.
         * @member {number} id
         * @memberof game.PlayerUpdate
         * @instance
         */
        PlayerUpdate.prototype.id = 0;

        /**
         * PlayerUpdate level.
         * @member {number} level
         * @memberof game.PlayerUpdate
         * @instance
         */
        PlayerUpdate.prototype.level = 0;

        /**
         * PlayerUpdate gold.
         * @member {number} gold
         * @memberof game.PlayerUpdate
         * @instance
         */
        PlayerUpdate.prototype.gold = 0;

        /**
         * PlayerUpdate name.
         * @member {string} name
         * @memberof game.PlayerUpdate
         * @instance
         */
        PlayerUpdate.prototype.name = "";

        /**
         * PlayerUpdate speed.
         * @member {number} speed
         * @memberof game.PlayerUpdate
         * @instance
         */
        PlayerUpdate.prototype.speed = 0;

        /**
         * PlayerUpdate online.
         * @member {boolean} online
         * @memberof game.PlayerUpdate
         * @instance
         */
        PlayerUpdate.prototype.online = false;

        /**
         * PlayerUpdate tags.
         * @member {Array.<string>} tags
         * @memberof game.PlayerUpdate
         * @instance
         */
        PlayerUpdate.prototype.tags = $util.emptyArray;

        /**
         * PlayerUpdate pos.
         * @member {game.Vec3.$Properties|null|undefined} pos
         * @memberof game.PlayerUpdate
         * @instance
         */
        PlayerUpdate.prototype.pos = null;

        /**
         * PlayerUpdate items.
         * @member {Array.<game.Item.$Properties>} items
         * @memberof game.PlayerUpdate
         * @instance
         */
        PlayerUpdate.prototype.items = $util.emptyArray;

        /**
         * Creates a new PlayerUpdate instance using the specified properties.
         * @function create
         * @memberof game.PlayerUpdate
         * @static
         * @param {game.PlayerUpdate.$Properties=} [properties] Properties to set
         * @returns {game.PlayerUpdate} PlayerUpdate instance
         * @type {{
         *   (properties: game.PlayerUpdate.$Shape): game.PlayerUpdate & game.PlayerUpdate.$Shape;
         *   (properties?: game.PlayerUpdate.$Properties): game.PlayerUpdate;
         * }}
         */
        PlayerUpdate.create = function(properties) {
            return new PlayerUpdate(properties);
        };

        /**
         * Encodes the specified PlayerUpdate message. Does not implicitly {@link game.PlayerUpdate.verify|verify} messages.
         * @function encode
         * @memberof game.PlayerUpdate
         * @static
         * @param {game.PlayerUpdate.$Properties} message PlayerUpdate message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        PlayerUpdate.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.id != null && $Object.hasOwnProperty.call(message, "id") && message.id !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.id);
            if (message.level != null && $Object.hasOwnProperty.call(message, "level") && message.level !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.level);
            if (message.gold != null && $Object.hasOwnProperty.call(message, "gold") && message.gold !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).int32(message.gold);
            if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.name);
            if (message.speed != null && $Object.hasOwnProperty.call(message, "speed") && !$Object.is(message.speed, 0))
                writer.uint32(/* id 5, wireType 5 =*/45).float(message.speed);
            if (message.online != null && $Object.hasOwnProperty.call(message, "online") && message.online !== false)
                writer.uint32(/* id 6, wireType 0 =*/48).bool(message.online);
            if (message.tags != null && message.tags.length)
                for (let i = 0; i < message.tags.length; ++i)
                    writer.uint32(/* id 7, wireType 2 =*/58).string(message.tags[i]);
            if (message.pos != null && $Object.hasOwnProperty.call(message, "pos"))
                $root.game.Vec3.encode(message.pos, writer.uint32(/* id 8, wireType 2 =*/66).fork(), _depth + 1).ldelim();
            if (message.items != null && message.items.length)
                for (let i = 0; i < message.items.length; ++i)
                    $root.game.Item.encode(message.items[i], writer.uint32(/* id 9, wireType 2 =*/74).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified PlayerUpdate message, length delimited. Does not implicitly {@link game.PlayerUpdate.verify|verify} messages.
         * @function encodeDelimited
         * @memberof game.PlayerUpdate
         * @static
         * @param {game.PlayerUpdate.$Properties} message PlayerUpdate message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        PlayerUpdate.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes a PlayerUpdate message from the specified reader or buffer.
         * @function decode
         * @memberof game.PlayerUpdate
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {game.PlayerUpdate & game.PlayerUpdate.$Shape} PlayerUpdate
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        PlayerUpdate.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.game.PlayerUpdate();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.id = value;
                        else
                            delete message.id;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.level = value;
                        else
                            delete message.level;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.gold = value;
                        else
                            delete message.gold;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.name = value;
                        else
                            delete message.name;
                        continue;
                    }
                case 5: {
                        if (wireType !== 5)
                            break;
                        if (!$Object.is(value = reader.float(), 0))
                            message.speed = value;
                        else
                            delete message.speed;
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.online = value;
                        else
                            delete message.online;
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        if (!(message.tags && message.tags.length))
                            message.tags = [];
                        message.tags.push(reader.stringVerify());
                        continue;
                    }
                case 8: {
                        if (wireType !== 2)
                            break;
                        message.pos = $root.game.Vec3.decode(reader, reader.size(), $undefined, _depth + 1, message.pos);
                        continue;
                    }
                case 9: {
                        if (wireType !== 2)
                            break;
                        if (!(message.items && message.items.length))
                            message.items = [];
                        message.items.push($root.game.Item.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes a PlayerUpdate message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof game.PlayerUpdate
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {game.PlayerUpdate & game.PlayerUpdate.$Shape} PlayerUpdate
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        PlayerUpdate.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Verifies a PlayerUpdate message.
         * @function verify
         * @memberof game.PlayerUpdate
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        PlayerUpdate.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.id != null && $Object.hasOwnProperty.call(message, "id"))
                if (!$util.isInteger(message.id))
                    return "id: integer expected";
            if (message.level != null && $Object.hasOwnProperty.call(message, "level"))
                if (!$util.isInteger(message.level))
                    return "level: integer expected";
            if (message.gold != null && $Object.hasOwnProperty.call(message, "gold"))
                if (!$util.isInteger(message.gold))
                    return "gold: integer expected";
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                if (!$util.isString(message.name))
                    return "name: string expected";
            if (message.speed != null && $Object.hasOwnProperty.call(message, "speed"))
                if (typeof message.speed !== "number")
                    return "speed: number expected";
            if (message.online != null && $Object.hasOwnProperty.call(message, "online"))
                if (typeof message.online !== "boolean")
                    return "online: boolean expected";
            if (message.tags != null && $Object.hasOwnProperty.call(message, "tags")) {
                if (!$Array.isArray(message.tags))
                    return "tags: array expected";
                for (let i = 0; i < message.tags.length; ++i)
                    if (!$util.isString(message.tags[i]))
                        return "tags: string[] expected";
            }
            if (message.pos != null && $Object.hasOwnProperty.call(message, "pos")) {
                let error = $root.game.Vec3.verify(message.pos, _depth + 1);
                if (error)
                    return "pos." + error;
            }
            if (message.items != null && $Object.hasOwnProperty.call(message, "items")) {
                if (!$Array.isArray(message.items))
                    return "items: array expected";
                for (let i = 0; i < message.items.length; ++i) {
                    let error = $root.game.Item.verify(message.items[i], _depth + 1);
                    if (error)
                        return "items." + error;
                }
            }
            return null;
        };

        /**
         * Creates a PlayerUpdate message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof game.PlayerUpdate
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {game.PlayerUpdate} PlayerUpdate
         */
        PlayerUpdate.fromObject = function (object, _depth) {
            if (object instanceof $root.game.PlayerUpdate)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".game.PlayerUpdate: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.game.PlayerUpdate();
            if (object.id != null)
                if ($Number(object.id) !== 0)
                    message.id = object.id >>> 0;
            if (object.level != null)
                if ($Number(object.level) !== 0)
                    message.level = object.level | 0;
            if (object.gold != null)
                if ($Number(object.gold) !== 0)
                    message.gold = object.gold | 0;
            if (object.name != null)
                if (typeof object.name !== "string" || object.name.length)
                    message.name = $String(object.name);
            if (object.speed != null)
                if (!$Object.is($Number(object.speed), 0))
                    message.speed = $Number(object.speed);
            if (object.online != null)
                if (object.online)
                    message.online = $Boolean(object.online);
            if (object.tags) {
                if (!$Array.isArray(object.tags))
                    throw $TypeError(".game.PlayerUpdate.tags: array expected");
                message.tags = $Array(object.tags.length);
                for (let i = 0; i < object.tags.length; ++i)
                    message.tags[i] = $String(object.tags[i]);
            }
            if (object.pos != null) {
                if (!$util.isObject(object.pos))
                    throw $TypeError(".game.PlayerUpdate.pos: object expected");
                message.pos = $root.game.Vec3.fromObject(object.pos, _depth + 1);
            }
            if (object.items) {
                if (!$Array.isArray(object.items))
                    throw $TypeError(".game.PlayerUpdate.items: array expected");
                message.items = $Array(object.items.length);
                for (let i = 0; i < object.items.length; ++i) {
                    if (!$util.isObject(object.items[i]))
                        throw $TypeError(".game.PlayerUpdate.items: object expected");
                    message.items[i] = $root.game.Item.fromObject(object.items[i], _depth + 1);
                }
            }
            return message;
        };

        /**
         * Creates a plain object from a PlayerUpdate message. Also converts values to other types if specified.
         * @function toObject
         * @memberof game.PlayerUpdate
         * @static
         * @param {game.PlayerUpdate} message PlayerUpdate
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        PlayerUpdate.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults) {
                object.tags = [];
                object.items = [];
            }
            if (options.defaults) {
                object.id = 0;
                object.level = 0;
                object.gold = 0;
                object.name = "";
                object.speed = 0;
                object.online = false;
                object.pos = null;
            }
            if (message.id != null && $Object.hasOwnProperty.call(message, "id"))
                object.id = message.id;
            if (message.level != null && $Object.hasOwnProperty.call(message, "level"))
                object.level = message.level;
            if (message.gold != null && $Object.hasOwnProperty.call(message, "gold"))
                object.gold = message.gold;
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                object.name = message.name;
            if (message.speed != null && $Object.hasOwnProperty.call(message, "speed"))
                object.speed = options.json && !$isFinite(message.speed) ? $String(message.speed) : message.speed;
            if (message.online != null && $Object.hasOwnProperty.call(message, "online"))
                object.online = message.online;
            if (message.tags && message.tags.length) {
                object.tags = $Array(message.tags.length);
                for (let j = 0; j < message.tags.length; ++j)
                    object.tags[j] = message.tags[j];
            }
            if (message.pos != null && $Object.hasOwnProperty.call(message, "pos"))
                object.pos = $root.game.Vec3.toObject(message.pos, options, _depth + 1);
            if (message.items && message.items.length) {
                object.items = $Array(message.items.length);
                for (let j = 0; j < message.items.length; ++j)
                    object.items[j] = $root.game.Item.toObject(message.items[j], options, _depth + 1);
            }
            return object;
        };

        /**
         * Converts this PlayerUpdate to JSON.
         * @function toJSON
         * @memberof game.PlayerUpdate
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        PlayerUpdate.prototype.toJSON = function() {
            return PlayerUpdate.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for PlayerUpdate
         * @function getTypeUrl
         * @memberof game.PlayerUpdate
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        PlayerUpdate.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/game.PlayerUpdate";
        };

        return PlayerUpdate;
    })();

    return game;
})();

export {
  $root as default
};
